import Foundation
import MeshcertSupport
import MeshcertWatch

/// The long-running half of `meshcert watch`: serve until SIGTERM/SIGINT.
enum WatchCommandServer {
    static func serve(config: WatchConfig, configPath: String, listen: String, fromCommandLine: Bool, store: StateStore, log: WatchLog) throws {
        guard let address = ListenAddress(parsing: listen) else { throw CommandFailure("listen: '\(listen)' is not HOST:PORT") }
        let watcher = Watcher(config: config, store: store, log: log)
        let service = WatchService(watcher: watcher, configPath: configPath, log: log, listenFromCommandLine: fromCommandLine)
        do { try service.start(listen: address) } catch { throw CommandFailure("\(error)") }
        service.runUntilSignalled()
    }
}
