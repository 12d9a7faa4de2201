import Foundation
import MeshcertSupport

/// Finds App Mesh configuration in files and folders (recursively), recognising it by content:
/// aws CLI JSON output or `appmesh.k8s.aws` YAML/JSON resources. Other files are skipped; an
/// App Mesh-shaped file that is malformed becomes an error entry and the rest is still read.
public enum AppMeshLoader {
    /// Files larger than this are not configuration.
    static let maxFileSize = 64 << 20

    public static func load(paths: [String]) -> AppMeshConfiguration {
        var errors: [Diagnostic] = []
        let files = listFiles(paths, errors: &errors)
        // Parsing dominates on large exports: read files on all cores, merge in path order.
        let results = UnsafeResults(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            results.set(i, readFile(files[i]))
        }
        var config = merge(results.values)
        config.errors = errors + config.errors
        return config
    }

    /// Regular files under `paths`, each folder's files sorted.
    static func listFiles(_ paths: [String], errors: inout [Diagnostic]) -> [String] {
        var files: [String] = []
        for path in paths {
            guard let found = InputFiles.list(path) else {
                errors.append(Diagnostic(file: path, field: "(file)", code: "not_found", message: "no such file or folder"))
                continue
            }
            files += found
        }
        return files
    }

    /// Reads one file. Pure: safe to run concurrently.
    static func readFile(_ file: String) -> FileContents {
        var out = FileContents()
        out.file = file
        switch InputFiles.read(file, maxSize: maxFileSize) {
        case .bytes(let bytes): read(bytes: bytes, file: file, into: &out)
        case .tooLarge: break
        case .failed(let reason):
            out.errors.append(Diagnostic(file: file, field: "(file)", code: "unreadable", message: "cannot be read: \(reason)"))
            out.recognised = true
        }
        return out
    }

    static func read(data: Data, file: String, into out: inout FileContents) {
        read(bytes: [UInt8](data), file: file, into: &out)
    }

    static func read(bytes data: [UInt8], file: String, into out: inout FileContents) {
        let first = data.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 })
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            do {
                readJSON(try DocValue.json(data), file: file, into: &out)
            } catch {
                // Not valid JSON: an error only when it is recognisably App Mesh output.
                let text = String(decoding: data, as: UTF8.self)
                if ["\"meshName\"", "\"virtualNodeName\"", "appmesh.k8s.aws"].contains(where: text.contains) {
                    out.recognised = true
                    out.errors.append(Diagnostic(file: file, field: "(json)", code: "not_json", message: "not valid JSON: \(error)"))
                }
            }
            return
        }
        guard InputFiles.contains(data, CRDReader.group) else { return }
        readYAML(String(decoding: data, as: UTF8.self), file: file, into: &out)
    }

    static func readJSON(_ doc: DocValue, file: String, into out: inout FileContents) {
        // A bare object, a JSON array of them (`jq -s`), or a Kubernetes list/resource.
        var items: [(DocValue, String)] = []
        if case .array(let list) = doc {
            items = list.enumerated().map { ($1, "[\($0)]") }
        } else {
            items = [(doc, "")]
        }
        for (item, path) in items {
            if AWSExportReader.looksLikeAppMesh(item) {
                out.recognised = true
                do { try AWSExportReader.read(FieldPath(item, path: path), file: file, into: &out) }
                catch let f as FieldPath.Failure { out.errors.append(Diagnostic(file: file, field: f.field, code: "invalid_value", message: f.message)) }
                catch { out.errors.append(Diagnostic(file: file, field: path, code: "invalid_value", message: "\(error)")) }
            } else {
                let resources = CRDReader.expand(item)
                for (n, resource) in resources.enumerated() where CRDReader.isAppMeshResource(resource) {
                    out.recognised = true
                    let label = resources.count > 1 ? "\(path)items[\(n)]" : path
                    readResource(resource, label: label, file: file, into: &out)
                }
            }
        }
    }

    static func readYAML(_ text: String, file: String, into out: inout FileContents) {
        let (nodes, error) = YAML.documents(text, file: file)
        if let error {
            out.recognised = true
            // Position and problem only: the YAML layer never quotes the input (it may hold secrets).
            var message = error.message
            if let line = error.line, message.hasPrefix("not valid YAML: ") {
                message = "not valid YAML: line \(line), column \(error.column ?? 0): " + message.dropFirst("not valid YAML: ".count)
            }
            out.errors.append(Diagnostic(file: file, field: "(yaml)", code: "not_yaml", message: message))
            return
        }
        let documents = nodes.map(DocValue.init(yaml:))
        for (n, document) in documents.enumerated() {
            let resources = CRDReader.expand(document)
            for (k, resource) in resources.enumerated() where CRDReader.isAppMeshResource(resource) {
                out.recognised = true
                var label = "document \(n + 1)"
                if resources.count > 1 { label += " items[\(k)]" }
                if case .object(let dict) = resource, case .string(let kind)? = dict["kind"] {
                    var name = ""
                    if case .object(let meta)? = dict["metadata"], case .string(let s)? = meta["name"] { name = " " + s }
                    label += " (\(kind)\(name))"
                }
                readResource(resource, label: label, file: file, into: &out)
            }
        }
    }

    private static func readResource(_ resource: DocValue, label: String, file: String, into out: inout FileContents) {
        do { try CRDReader.read(FieldPath(resource, path: label), file: file, into: &out) }
        catch let f as FieldPath.Failure { out.errors.append(Diagnostic(file: file, field: f.field, code: "invalid_value", message: f.message)) }
        catch { out.errors.append(Diagnostic(file: file, field: label, code: "invalid_value", message: "\(error)")) }
    }
}

/// Per-index result slots written by `concurrentPerform` (each index written once by one thread).
private final class UnsafeResults: @unchecked Sendable {
    private var slots: [FileContents]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: FileContents(), count: count) }
    func set(_ i: Int, _ value: FileContents) { lock.lock(); slots[i] = value; lock.unlock() }
    var values: [FileContents] { slots }
}
