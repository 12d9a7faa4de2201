import Foundation
import MeshcertSupport

/// The snapshot folder on disk: made ready before a run, and its manifest written after.
enum SnapshotFolder {
    static let manifestName = "snapshot.json"

    /// Creates the folder, or reuses an empty one, or replaces an earlier snapshot in it (the
    /// files its manifest lists and the manifest). Anything else in a non-empty folder is refused,
    /// so a wrong `--out` never mixes a snapshot into unrelated files.
    static func prepare(_ dir: URL) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: dir.path, isDirectory: &isDirectory) else {
            do { try fm.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
                throw CommandFailure("\(dir.path): cannot create the snapshot folder: \(FileProblem.reason(error))")
            }
            return
        }
        guard isDirectory.boolValue else { throw CommandFailure("\(dir.path) exists and is not a folder") }
        let entries = (try? fm.contentsOfDirectory(atPath: dir.path)) ?? []
        if entries.isEmpty { return }
        let manifestURL = dir.appendingPathComponent(manifestName)
        guard entries.contains(manifestName) else {
            throw CommandFailure("\(dir.path) is not empty and holds no earlier snapshot (\(manifestName)): give a new or empty folder")
        }
        let previous = (try? Data(contentsOf: manifestURL)).flatMap { try? JSONValueDecoder().decode(SnapshotManifest.self, from: [UInt8]($0)) }
        guard let previous else {
            throw CommandFailure("\(manifestURL.path) is not a meshcert snapshot manifest: give a new or empty folder")
        }
        for file in previous.calls.compactMap(\.file) { try? fm.removeItem(at: dir.appendingPathComponent(file)) }
        try? fm.removeItem(at: manifestURL)
        // Folders the earlier snapshot left empty go too.
        for region in previous.regions { removeEmptyFolders(dir.appendingPathComponent(region)) }
    }

    private static func removeEmptyFolders(_ url: URL) {
        let fm = FileManager.default
        guard let children = try? fm.contentsOfDirectory(atPath: url.path) else { return }
        for child in children { removeEmptyFolders(url.appendingPathComponent(child)) }
        if (try? fm.contentsOfDirectory(atPath: url.path))?.isEmpty == true { try? fm.removeItem(at: url) }
    }

    static func writeManifest(_ manifest: SnapshotManifest, to dir: URL) throws {
        let url = dir.appendingPathComponent(manifestName)
        do {
            let text = try JSONValueEncoder().encode(manifest).render() + "\n"
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw CommandFailure("\(url.path): cannot write the snapshot manifest: \(FileProblem.reason(error))")
        }
    }
}
