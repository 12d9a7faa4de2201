/// The human summary of a snapshot: one line per service (calls ok, failed, skipped), then each
/// failed or skipped call with its reason.
public enum SnapshotSummaryText {
    public static func serviceLines(_ manifest: SnapshotManifest) -> [String] {
        let width = SnapshotService.allCases.map(\.rawValue.count).max() ?? 0
        return SnapshotService.allCases.compactMap { service in
            let calls = manifest.calls.filter { $0.service == service.rawValue }
            guard !calls.isEmpty else { return nil }
            let summary = SnapshotManifest.Summary(calls)
            let regions = Set(calls.map(\.region)).count
            let name = service.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            return "\(name)  \(summary.ok) ok, \(summary.failed) failed, \(summary.skipped) skipped (\(calls.count) calls, \(regions) region\(regions == 1 ? "" : "s"))"
        }
    }

    /// `failed: eu-west-1 acm list-certificates: AccessDeniedException: ...` (and `skipped:`).
    public static func problemLines(_ manifest: SnapshotManifest) -> [String] {
        manifest.calls.filter { $0.status != .ok }.map { call in
            let what = [call.region, call.service, call.operation, call.key].compactMap { $0 }.joined(separator: " ")
            let reason = call.error.map { "\($0.code): \($0.message)" } ?? "no reason given"
            return "\(call.status.rawValue): \(what): \(reason)"
        }
    }

    public static func totalLine(_ manifest: SnapshotManifest, folder: String) -> String {
        let s = manifest.summary
        return "snapshot: \(manifest.calls.count) calls (\(s.ok) ok, \(s.failed) failed, \(s.skipped) skipped) in \(folder)/snapshot.json"
    }
}
