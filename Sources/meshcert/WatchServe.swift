import Foundation
import MeshcertSupport
import MeshcertWatch

/// The long-running half of `meshcert watch` (server, loops, signals).
enum WatchCommandServer {
    static func serve(config: WatchConfig, configPath: String, listen: String, store: StateStore, log: WatchLog) throws {
        throw CommandFailure("the server is not built yet")
    }
}
