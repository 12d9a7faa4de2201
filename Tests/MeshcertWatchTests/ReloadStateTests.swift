import Foundation
@testable import MeshcertWatch
import Testing

/// SIGHUP with a changed `state:`: a restart is needed only when the config's state is the one
/// in use; with `--state` given, the config's line changes nothing (and nothing is logged).
@Suite struct ReloadStateTests {
    /// The log of a service started on `a.db` (from the config, or from `--state`), after a
    /// SIGHUP-style reload of the config with each of `states` in turn.
    static func reload(stateFromCommandLine: Bool, format: WatchLog.Format = .text, states: [String] = ["b.db"]) throws -> [String] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("watch-reload-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/certs", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scan = "scan:\n  - paths: [certs]\n    interval: 1h\n"
        try ("state: a.db\n" + scan).write(toFile: dir + "/watch.yaml", atomically: false, encoding: .utf8)
        let config = try WatchConfigReader.load(path: dir + "/watch.yaml")
        let store = try StateStore(path: dir + "/a.db")
        defer { store.close() }
        let lines = FileRotationTests.Lines()
        let log = WatchLog(format: format) { lines.append($0) }
        let service = WatchService(watcher: Watcher(config: config, store: store, log: log), configPath: dir + "/watch.yaml",
                                   log: log, listenFromCommandLine: true, stateFromCommandLine: stateFromCommandLine,
                                   openState: dir + "/a.db")
        try service.start(listen: try #require(ListenAddress(parsing: "127.0.0.1:0")))   // stop() then ends the loops
        for state in states {
            try ("state: \(state)\n" + scan).write(toFile: dir + "/watch.yaml", atomically: false, encoding: .utf8)
            service.reload()
        }
        service.stop()
        return lines.lines.map { $0.replacingOccurrences(of: dir, with: "DIR") }
    }

    @Test func aChangedStateNeedsARestartNamingTheOpenDatabase() throws {
        let lines = try Self.reload(stateFromCommandLine: false)
        #expect(lines.contains { $0.contains("restart_needed field=state kept=DIR/a.db") }, "\(lines)")
        #expect(lines.contains { $0.contains("config_reloaded") }, "\(lines)")
    }

    @Test func changingStateBackToTheOpenDatabaseNeedsNothing() throws {
        // b.db, c.db: each asks for a restart, and `kept` stays the open a.db; back to a.db: none.
        let lines = try Self.reload(stateFromCommandLine: false, states: ["b.db", "c.db", "a.db"])
        let restarts = lines.filter { $0.contains("restart_needed") }
        #expect(restarts.count == 2 && restarts.allSatisfy { $0.contains("kept=DIR/a.db") }, "\(lines)")
        #expect(lines.filter { $0.contains("config_reloaded") }.count == 3, "\(lines)")
    }

    @Test func stateOnTheCommandLineWins() throws {
        let lines = try Self.reload(stateFromCommandLine: true)
        #expect(!lines.contains { $0.contains("restart_needed") }, "\(lines)")
        #expect(lines.contains { $0.contains("config_reloaded") }, "\(lines)")
    }

    @Test func theReloadLogsItsCountsAsJSONNumbers() throws {
        let lines = try Self.reload(stateFromCommandLine: true, format: .json)
        #expect(lines.contains { $0.contains(#""event":"config_reloaded""#) && $0.contains(#""scans":1"#) }, "\(lines)")
    }
}
