import MeshcertSupport

/// One aws CLI call the collector will make, and what its answer leads to.
struct SnapshotPlannedCall: Sendable {
    /// The manifest's region (`global` for Route 53).
    var region: String
    /// `--region` given to the CLI (Route 53: the first region read, any one works).
    var cliRegion: String
    var service: SnapshotService
    var operation: String
    var key: String?
    /// Arguments after the operation.
    var arguments: [String]
    /// The output file, relative to the snapshot folder.
    var file: String
    /// Operations that run several times for one key (ECS batches) number their calls; others
    /// are made once per (region, service, operation, key) even when two listings lead to them.
    var batch: Int?
    /// The calls this one's output leads to (a describe per listed item), planned from the
    /// decoded output; nil for a leaf call.
    var next: (@Sendable (JSON) throws -> [SnapshotPlannedCall])?

    var identity: String { [region, service.rawValue, operation, key ?? "", batch.map(String.init) ?? ""].joined(separator: "\u{1}") }

    /// A follow-up call in the same region.
    func call(_ operation: String, key: String?, _ arguments: [String], file: String, batch: Int? = nil,
              next: (@Sendable (JSON) throws -> [SnapshotPlannedCall])? = nil) -> SnapshotPlannedCall {
        SnapshotPlannedCall(region: region, cliRegion: cliRegion, service: service, operation: operation, key: key,
                            arguments: arguments, file: file, batch: batch, next: next)
    }
}

/// File names inside a snapshot: a resource's last ARN component (or its name), with anything
/// but letters, digits, `.`, `_` and `-` replaced, so a snapshot unpacks anywhere.
enum SnapshotFileName {
    static func safe(_ key: String) -> String {
        var last = key
        if key.hasPrefix("arn:"), let slash = key.lastIndex(of: "/") { last = String(key[key.index(after: slash)...]) }
        let mapped = last.unicodeScalars.map { c -> Character in
            (("0"..."9").contains(c) || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "." || c == "_" || c == "-")
                ? Character(c) : "_"
        }
        let name = String(mapped)
        return name.isEmpty || name == "." || name == ".." ? "_" : name
    }
}
