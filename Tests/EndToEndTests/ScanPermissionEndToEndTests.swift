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
    /// The command prefix that runs a program as nobody: empty when not root (the file mode
    /// already applies), nil when root and no tool can drop privileges.
    static let unprivileged: [String]? = {
        guard geteuid() == 0 else { return [] }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for (tool, arguments) in [("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups"]),
                                  ("runuser", ["-u", "nobody", "--"])] {
            for dir in path + ["/usr/bin", "/usr/sbin", "/bin", "/sbin"]
            where FileManager.default.isExecutableFile(atPath: dir + "/" + tool) {
                return [dir + "/" + tool] + arguments
            }
        }
        return nil
    }()

    @Test(.enabled(if: unprivileged != nil,
                   "running as root and neither setpriv nor runuser is installed: cannot scan as an unprivileged user"))
    func unreadableFileIsPermissionDeniedAndTheGoodOneIsScanned() throws {
        let prefix = try #require(Self.unprivileged)
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
                                 binary: Self.copyOfBinary(in: base + "/bin"))
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

    /// A copy of the built binary that everyone can read and run.
    private static func copyOfBinary(in bin: String) throws -> URL {
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        #expect(chmod(bin, 0o755) == 0)
        let binary = bin + "/meshcert"
        try FileManager.default.copyItem(atPath: MeshcertBinary.executable.path, toPath: binary)
        #expect(chmod(binary, 0o755) == 0)
        return URL(fileURLWithPath: binary)
    }
}
