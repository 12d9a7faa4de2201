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
        case .tooLarge: out.skip = .tooLarge
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
        // Scripts (`kubectl apply -f - <<EOF` around a manifest) are not configuration.
        if file.hasSuffix(".sh") || data.starts(with: [UInt8(ascii: "#"), UInt8(ascii: "!")]) {
            out.skip = .script
            return
        }
        let first = data.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 })
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            do {
                readJSON(try DocValue.json(data), file: file, into: &out)
            } catch {
                // Not valid JSON: an error only when it is recognisably App Mesh configuration.
                if ["\"meshName\"", "\"virtualNodeName\"", "appmesh.k8s.aws", CloudFormationReader.prefix].contains(where: { InputFiles.contains(data, $0) }) {
                    out.recognised = true
                    out.errors.append(jsonError(error, data, file: file))
                }
            }
            if !out.recognised && out.skip == nil { out.skip = .json }
            return
        }
        if InputFiles.contains(data, CloudFormationReader.prefix) || InputFiles.contains(data, "AWSTemplateFormatVersion") {
            if readCloudFormationYAML(data, file: file, into: &out) { return }
        }
        guard InputFiles.contains(data, CRDReader.group) || InputFiles.contains(data, "kind: Namespace") else {
            out.skip = .other
            return
        }
        readYAML(String(decoding: data, as: UTF8.self), file: file, into: &out)
        if !out.recognised && out.skip == nil { out.skip = .other }
    }

    /// A JSON syntax error with its line and column (a byte offset means nothing to an editor).
    static func jsonError(_ error: any Error, _ data: [UInt8], file: String) -> Diagnostic {
        guard let failure = error as? JSONParser.Failure else {
            return Diagnostic(file: file, field: "(json)", code: "not_json", message: "not valid JSON: \(error)")
        }
        var line = 1, lineStart = 0
        for i in 0..<min(failure.offset, data.count) where data[i] == 0x0A { line += 1; lineStart = i + 1 }
        // Columns count characters, not bytes (UTF-8 continuation bytes are not counted).
        let column = data[lineStart..<min(failure.offset, data.count)].filter { $0 & 0xC0 != 0x80 }.count + 1
        return Diagnostic(file: file, line: line, column: column, field: "(json)", code: "not_json",
                          message: "not valid JSON: line \(line), column \(column): \(failure.reason)")
    }

    /// A YAML CloudFormation template; false when the file is not one (read it as CRDs then).
    static func readCloudFormationYAML(_ data: [UInt8], file: String, into out: inout FileContents) -> Bool {
        let node: YAMLNode?
        do { node = try YAML.document(String(decoding: data, as: UTF8.self), file: file) } catch {
            guard InputFiles.contains(data, CloudFormationReader.prefix) else { return false }
            out.recognised = true
            out.errors.append(yamlError(error, label: nil, file: file))
            return true
        }
        guard let node else { return false }
        let doc = DocValue(yaml: node)
        guard CloudFormationReader.isTemplate(doc) else { return false }
        if CloudFormationReader.read(doc, syntax: .yaml, file: file, into: &out) { out.recognised = true } else { out.skip = .cloudFormation }
        return true
    }

    static func yamlError(_ error: Diagnostic, label: String?, file: String) -> Diagnostic {
        // Position and problem only: the YAML layer never quotes the input (it may hold secrets).
        var message = error.message
        if let line = error.line, message.hasPrefix("not valid YAML: ") {
            message = "not valid YAML: line \(line), column \(error.column ?? 0): " + message.dropFirst("not valid YAML: ".count)
        }
        if let label { message = label + ": " + message }
        return Diagnostic(file: file, line: error.line, column: error.column, field: "(yaml)", code: "not_yaml", message: message)
    }

    static func readJSON(_ doc: DocValue, file: String, into out: inout FileContents) {
        if CloudFormationReader.isTemplate(doc) {
            if CloudFormationReader.read(doc, syntax: .json, file: file, into: &out) { out.recognised = true } else { out.skip = .cloudFormation }
            return
        }
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
            } else if let request = AWSExportReader.request(item) {
                // `aws appmesh create-*/update-* --cli-input-json` input: the describe fields, no envelope.
                out.recognised = true
                do { try AWSExportReader.readRequest(request, FieldPath(item, path: path), file: file, into: &out) }
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
        // Each document on its own: one broken document does not lose the others.
        let documents = YAML.eachDocument(text, file: file)
        for (n, document) in documents.enumerated() {
            guard let node = document.node else {
                if let error = document.error {
                    var label = "document \(n + 1)"
                    if let named = CRDReader.kindAndName(document.text) { label += " (\(named))" }
                    out.recognised = true
                    out.errors.append(yamlError(error, label: label, file: file))
                }
                continue
            }
            let resources = CRDReader.expand(DocValue(yaml: node))
            for (k, resource) in resources.enumerated() {
                if let namespace = CRDReader.namespace(resource) { out.namespaces.append(namespace); continue }
                guard CRDReader.isAppMeshResource(resource) else { continue }
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
