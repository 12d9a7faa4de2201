import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// An unreadable file is a `permission_denied` error and the rest of the scan completes. Root
/// reads every file whatever its mode, and CI runs as root: there the scan runs in a child
/// process as nobody (uid/gid 65534) through setpriv (util-linux, on every Debian/Ubuntu) or
/// runuser, so the test runs for real everywhere.
@Suite struct ScanPermissionEndToEndTests {
    @Test(.enabled(if: Unprivileged.launcher != nil, Comment(rawValue: Unprivileged.unavailable)))
    func unreadableFileIsPermissionDeniedAndTheGoodOneIsScanned() throws {
        let prefix = try #require(Unprivileged.launcher)
        // base/scan holds the two files; base/bin the binary when it must run as nobody (the
        // checkout may sit where nobody cannot reach, such as /root).
        let base = NSTemporaryDirectory() + "meshcert-permission-" + UUID().uuidString
        let scanned = base + "/scan"
        try FileManager.default.createDirectory(atPath: scanned, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        let leaf = MeshcertBinary.repoRoot.appendingPathComponent("Tests/Fixtures/scan/formats/leaf.pem").path
        for name in ["good.pem", "secret.pem"] { try FileManager.default.copyItem(atPath: leaf, toPath: scanned + "/" + name) }
        #expect(chmod(base, 0o755) == 0 && chmod(scanned, 0o755) == 0)
        #expect(chmod(scanned + "/good.pem", 0o644) == 0 && chmod(scanned + "/secret.pem", 0o000) == 0)

        let scan = ["scan", scanned, "--format", "json", "--at", "2026-12-02T00:00:00Z"]
        let run = try prefix.isEmpty ? MeshcertBinary.run(scan)
            : MeshcertBinary.run(scan, currentDirectory: URL(fileURLWithPath: base), launcher: prefix,
                                 binary: Unprivileged.copyOfBinary(in: base + "/bin"))
        #expect(run.status == 0, "an unreadable file alone does not fail the scan: \(run.stderr)")
        let doc = try run.json()
        let errors = try #require(doc["errors"] as? [[String: Any]])
        #expect(errors.map { "\($0["path"] ?? "") \($0["code"] ?? "")" } == ["\(scanned)/secret.pem permission_denied"])
        #expect((errors.first?["message"] as? String)?.contains("Permission denied") == true)
        // The same certificate is in both files: only the readable copy is a location.
        let certificates = try #require(doc["certificates"] as? [[String: Any]])
        let locations = certificates.flatMap { $0["locations"] as? [[String: Any]] ?? [] }
        #expect(certificates.count == 1)
        #expect(locations.map { $0["path"] as? String } == ["\(scanned)/good.pem"])
    }
}
