import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The SQLite history survives `kill -9` in the middle of writes: repeated, the database opens,
/// passes `PRAGMA integrity_check`, and holds every certificate committed before the kill.
@Suite(.serialized) struct WatchCrashTests {
    /// (target, sha256) of every certificate in the history, read by `meshcert watch history`.
    func certificates(_ state: String) throws -> Set<String> {
        let run = try MeshcertBinary.run(["watch", "history", "--state", state, "--format", "json"])
        guard run.status == 0 else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: run.stderr]) }
        var out = Set<String>()
        for t in (try run.json()["targets"] as? [[String: Any]]) ?? [] {
            for c in (t["certificates"] as? [[String: Any]]) ?? [] {
                out.insert("\(t["target"] ?? "") \(c["sha256"] ?? "")")
            }
        }
        return out
    }

    /// SQLite's own check, through Python's sqlite3 module (a second, independent reader).
    func integrityCheck(_ state: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])", state]
        let out = Pipe()
        p.standardOutput = out
        try MeshcertBinary.launch(p)
        p.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func historySurvivesKillDashNine() throws {
        // Rotating every second: every probe cycle writes, and new certificates keep coming.
        let lab = try RunningLab(["--rotate-every", "1s", "--lifetime", "1h"])
        defer { lab.stop() }
        // The lab's own files rescanned as often: a scan's batch transaction is in flight too.
        let file = try lab.config("""
            scan:
              - paths: [lab]
                interval: 100ms
            handshake:
              plan: plan.yaml
              interval: 100ms
              timeout: 5s
            """)
        let state = lab.dir.appendingPathComponent("state.db").path
        var seen = Set<String>()
        for round in 0..<5 {
            let watch = try BackgroundMeshcert(["watch", "--config", file.path, "--listen", "127.0.0.1:0", "--state", state], in: lab.dir)
            // Writes are going on: the history grows past what the previous round left.
            let grew = BackgroundMeshcert.eventually(60) { ((try? certificates(state)) ?? []).count > seen.count }
            #expect(grew, "round \(round): \(watch.output)")
            usleep(UInt32.random(in: 100_000...700_000))
            let before = try certificates(state)  // committed before the kill
            watch.signal(SIGKILL)
            _ = watch.waitForExit(seconds: 10)
            #expect(try integrityCheck(state) == "ok", "round \(round)")
            let after = try certificates(state)
            #expect(before.isSubset(of: after), "round \(round): lost \(before.subtracting(after))")
            #expect(seen.isSubset(of: after))
            seen = after
        }
        #expect(seen.count > 16)  // rotation produced new certificates across the rounds
        #expect(seen.contains { $0.hasPrefix("file:" + lab.dir.appendingPathComponent("lab/appmesh/users.pem").path + " ") })
    }
}
