import Foundation
import MeshcertSupport

/// `meshcert watch`'s entry points. An invalid config, a state database or listen address that
/// cannot be used is a `CommandFailure` (exit 2).
public enum WatchCommand {
    public struct Request: Sendable {
        public var config: String
        /// `--listen`, which wins over the config's.
        public var listen: String?
        /// `--state`, which wins over the config's.
        public var state: String?
        public var logFormat: WatchLog.Format
        /// `--once --at`: the clock every verdict is computed at.
        public var at: EpochSeconds?

        public init(config: String, listen: String?, state: String?, logFormat: WatchLog.Format, at: EpochSeconds?) {
            self.config = config
            self.listen = listen
            self.state = state
            self.logFormat = logFormat
            self.at = at
        }
    }

    /// `--once`: every scan and probe once; the metrics page, and whether a probe missed its
    /// expectation or a renewal is overdue (exit 1).
    public static func once(_ request: Request) throws -> (page: String, failed: Bool) {
        try withStore(request) { config, store in
            let clock = request.at
            let watcher = Watcher(config: config, store: store, log: WatchLog(format: request.logFormat), now: { clock ?? Timestamp.now() })
            return watcher.runOnce()
        }
    }

    /// Serves on the listen address until SIGTERM/SIGINT (SIGHUP reloads the config).
    public static func serve(_ request: Request) throws {
        try withStore(request) { config, store in
            let listen = request.listen ?? config.listen ?? WatchConfig.defaultListen
            guard let address = ListenAddress(parsing: listen) else { throw CommandFailure("listen: '\(listen)' is not HOST:PORT") }
            let log = WatchLog(format: request.logFormat)
            let watcher = Watcher(config: config, store: store, log: log)
            let service = WatchService(watcher: watcher, configPath: request.config, log: log, listenFromCommandLine: request.listen != nil,
                                       stateFromCommandLine: request.state != nil,
                                       openState: Self.statePath(request, config))
            do { try service.start(listen: address) } catch { throw CommandFailure("\(error)") }
            service.runUntilSignalled()
        }
    }

    /// `watch history`: the observed certificates of the database, as a table or
    /// `meshcert.watch.history.v1`; an unknown `target` is a failure.
    public static func history(state: String, target: String?, json: Bool) throws -> String {
        let store: StateStore
        do { store = try StateStore(path: state, readOnly: true) } catch { throw CommandFailure(error.description) }
        defer { store.close() }
        let histories: [TargetHistory]
        do { histories = try store.history(target: target) } catch { throw CommandFailure(error.description) }
        if let target, histories.isEmpty { throw CommandFailure("\(state): no target named '\(target)' in the history") }
        return json ? try HistoryDocument(state: state, histories: histories).render() + "\n" : HistoryDocument.table(histories)
    }

    /// The history database a run opens: `--state`, else the config's `state`, else the default.
    private static func statePath(_ request: Request, _ config: WatchConfig) -> String {
        request.state ?? config.state ?? StateStore.defaultPath()
    }

    private static func withStore<T>(_ request: Request, _ body: (WatchConfig, StateStore) throws -> T) throws -> T {
        let config: WatchConfig
        do { config = try WatchConfigReader.load(path: request.config, at: request.at) } catch { throw CommandFailure(error.description) }
        let store: StateStore
        do { store = try StateStore(path: statePath(request, config)) } catch {
            throw CommandFailure(error.description)
        }
        defer { store.close() }
        return try body(config, store)
    }
}
