import Foundation
import MeshcertWatch
import Testing

/// The SQLite history: distinct certificates per target, first/last seen, changes, WAL.
@Suite struct StateStoreTests {
    func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("watch-state-\(UUID().uuidString)/nested/watch.db").path
    }

    func cert(_ n: Int) -> SeenCertificate {
        SeenCertificate(serial: String(n, radix: 16), sha256: "sha\(n)", notBefore: Int64(1000 + n), notAfter: Int64(2000 + n))
    }

    @Test func recordsDistinctCertificatesAndChanges() throws {
        let p = path()
        let store = try StateStore(path: p)
        #expect(try store.record(target: "a", certificate: cert(1), at: 10) == false)
        #expect(try store.record(target: "a", certificate: cert(1), at: 11) == false)
        #expect(try store.record(target: "a", certificate: cert(2), at: 12) == true)
        #expect(try store.record(target: "a", certificate: cert(1), at: 13) == true)  // a rollback is a change too
        #expect(try store.record(target: "b", certificate: cert(1), at: 14) == false)
        let a = try #require(try store.history(target: "a").first)
        #expect(a.changes == 2)
        #expect(a.lastChange == 13)
        #expect(a.current == "sha1")
        #expect(a.certificates.map(\.sha256) == ["sha1", "sha2"])
        #expect(a.certificates[0].firstSeen == 10 && a.certificates[0].lastSeen == 13)
        #expect(a.certificates[0].notBefore == 1001 && a.certificates[0].notAfter == 2001 && a.certificates[0].serial == "1")
        #expect(try store.history().map(\.target) == ["a", "b"])
        #expect(try store.integrityCheck() == "ok")
        store.close()
        // Reopened: the same history; WAL mode is persistent.
        let again = try StateStore(path: p, readOnly: true)
        #expect(try again.history(target: "a").first == a)
    }

    @Test func readOnlyOpenRefusesAMissingFile() {
        #expect(throws: StateError.self) { try StateStore(path: "/nonexistent/watch.db", readOnly: true) }
    }

    @Test func aFileThatIsNotADatabaseIsRefused() throws {
        let p = path()
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try String(repeating: "not sqlite ", count: 100).write(toFile: p, atomically: true, encoding: .utf8)
        #expect(throws: StateError.self) { try StateStore(path: p) }
    }
}
