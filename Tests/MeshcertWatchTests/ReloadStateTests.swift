import Foundation
@testable import MeshcertWatch
import Testing

/// SIGHUP with a changed `state:`: a restart is needed only when the config's state is the one
/// in use; with `--state` given, the config's line changes nothing (and nothing is logged).
@Suite struct ReloadStateTests {
    static func reload(stateFromCommandLine: Bool, format: WatchLog.Format = .text) throws -> [String] {
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
                                   log: log, listenFromCommandLine: true, stateFromCommandLine: stateFromCommandLine)
        try service.start(listen: try #require(ListenAddress(parsing: "127.0.0.1:0")))   // stop() then ends the loops
        try ("state: b.db\n" + scan).write(toFile: dir + "/watch.yaml", atomically: false, encoding: .utf8)
        service.reload()
        service.stop()
        return lines.lines
    }

    @Test func aChangedStateNeedsARestart() throws {
        let lines = try Self.reload(stateFromCommandLine: false)
        #expect(lines.contains { $0.contains("restart_needed field=state") }, "\(lines)")
        #expect(lines.contains { $0.contains("config_reloaded") }, "\(lines)")
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
