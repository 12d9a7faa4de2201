import Foundation
import MeshcertSupport

/// `meshcert aws status` as one call: with `live`, a snapshot of the account first (into
/// `directory` when given, kept; else a temporary folder, removed), its summary on stderr; then
/// the tracker over the folder.
public enum MigrationStatusCommand {
    public static func run(directory: String?, live: ((String) -> SnapshotRequest)?, options: MigrationOptions) async throws -> MigrationDocument {
        var folder = directory ?? ""
        var temporary: String?
        if let live {
            if directory == nil {
                folder = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-aws-\(UUID().uuidString)").path
                temporary = folder
            }
            let manifest = try await SnapshotCollector.run(live(folder))
            for line in SnapshotSummaryText.serviceLines(manifest) + SnapshotSummaryText.problemLines(manifest) { Terminal.warn(line) }
            if SnapshotCollector.exitCode(for: manifest) == 2 {
                if let temporary { try? FileManager.default.removeItem(atPath: temporary) }
                throw SnapshotCollector.nothingRead
            }
        }
        defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }
        return try MigrationStatus.run(snapshotDirectory: folder, options: options)
    }
}

extension SnapshotCollector {
    /// Every call failed: exit 2 (`aws snapshot` and `aws status --live`).
    public static let nothingRead = CommandFailure("nothing could be read from the account (every call failed; see above)", exitCode: 2)
}
