import MeshcertOpenSSL

/// One `TLSContext` per distinct client configuration, all built before any connection so that
/// a bad trust or key file is a usage error naming the check, not a per-connection failure.
/// Sendable invariant: the dictionary is filled in `init` and only read afterwards.
/// Public so that a long-running caller (`meshcert watch`) builds it once per configuration and
/// reuses it for every probe: an `SSL_CTX` costs more to build than a handshake.
public final class ContextCache: @unchecked Sendable {
    private let contexts: [TLSClientConfiguration: TLSContext]

    struct SetupFailure: Error, CustomStringConvertible {
        let check: String
        let error: Error
        var description: String { "check '\(check)': \(error)" }
    }

    public init(_ checks: [HandshakeCheck]) throws {
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

    /// True when every check's configurations have a context here.
    public func covers(_ checks: [HandshakeCheck]) -> Bool {
        checks.allSatisfy { contexts[$0.client] != nil && contexts[$0.client.withoutClientCertificate] != nil }
    }
}
