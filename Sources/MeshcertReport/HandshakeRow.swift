import MeshcertHandshake
import MeshcertSupport

/// One handshake check in one shape, whether it came from the lab or from a plan.
public struct HandshakeRow: Codable, Sendable, Equatable {
    public var name: String
    public var client: String?
    public var clientEnvironment: String?
    public var server: String?
    public var serverEnvironment: String?
    public var target: String
    /// Whether the client presented its certificate (the lab); nil for a plan's checks.
    public var clientCertificate: Bool?
    public var reason: String
    public var expected: String
    public var matchedExpectation: Bool
    public var `protocol`: String?
    public var clientAuth: String
    public var serviceConnectCompatible: Bool
    public var detail: String
    /// The check's warnings as `code: detail` (chain_expiring_soon...); null in reports written
    /// before handshake checks had warnings.
    public var warnings: [String]?
    /// The first expiry along the server's chain (RFC 3339) and that certificate's subject.
    public var earliestExpiry: String?
    public var earliestExpirySubject: String?
}

/// The handshake rows from the handshake component.
enum HandshakeRows {
    static func rows(_ doc: HandshakeComponent?, services: [(client: String?, server: String?)]) -> [HandshakeRow] {
        switch doc {
        case nil: return []
        case .lab(let lab)?:
            return lab.cells.map { cell in
                row(cell.check, client: cell.client, clientEnvironment: cell.clientEnvironment.rawValue, server: cell.server,
                    serverEnvironment: cell.serverEnvironment.rawValue, clientCertificate: cell.clientCertificate)
            }
        case .plan(let plan)?:
            return plan.checks.enumerated().map { i, check in
                let pair = i < services.count ? services[i] : (client: nil, server: nil)
                // Without `server:` in the plan, the first label of the verified name is the best guess.
                let guess = check.serverName.flatMap { $0.split(separator: ".").first.map(String.init) }
                return row(check, client: pair.client, clientEnvironment: nil, server: pair.server ?? guess, serverEnvironment: nil,
                           clientCertificate: nil)
            }
        }
    }

    static func row(_ check: HandshakeDocument.Check, client: String?, clientEnvironment: String?, server: String?, serverEnvironment: String?,
                    clientCertificate: Bool?) -> HandshakeRow {
        HandshakeRow(name: check.name, client: client, clientEnvironment: clientEnvironment, server: server,
                     serverEnvironment: serverEnvironment, target: check.target, clientCertificate: clientCertificate,
                     reason: check.reason.rawValue, expected: check.expected.rawValue, matchedExpectation: check.matchedExpectation,
                     protocol: check.protocolVersion, clientAuth: check.clientAuth.rawValue,
                     serviceConnectCompatible: check.serviceConnectCompatible, detail: check.detail,
                     warnings: check.warnings.map { "\($0.code): \($0.detail)" },
                     earliestExpiry: check.chain?.earliestExpiry?.notAfter?.description, earliestExpirySubject: check.chain?.earliestExpiry?.subject)
    }
}
