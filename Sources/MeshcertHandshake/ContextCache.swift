import MeshcertOpenSSL

/// One `TLSContext` per distinct client configuration, all built before any connection so that
/// a bad trust or key file is a usage error naming the check, not a per-connection failure.
/// Sendable invariant: the dictionary is filled in `init` and only read afterwards.
final class ContextCache: @unchecked Sendable {
    private let contexts: [TLSClientConfiguration: TLSContext]

    struct SetupFailure: Error, CustomStringConvertible {
        let check: String
        let error: Error
        var description: String { "check '\(check)': \(error)" }
    }

    init(_ checks: [HandshakeCheck]) throws {
        var built: [TLSClientConfiguration: TLSContext] = [:]
        for check in checks {
            for config in [check.client, check.client.withoutClientCertificate] where built[config] == nil {
                do { built[config] = try TLSContext(client: config) } catch { throw SetupFailure(check: check.name, error: error) }
            }
        }
        contexts = built
    }

    func context(for config: TLSClientConfiguration) -> TLSContext {
        contexts[config]!
    }
}
