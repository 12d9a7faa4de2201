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
    static func rows(_ doc: HandshakeView?, services: [(client: String?, server: String?)]) -> [HandshakeRow] {
        guard let doc else { return [] }
        if let cells = doc.cells {
            return cells.map { cell in
                row(cell.check, client: cell.client, clientEnvironment: cell.clientEnvironment, server: cell.server,
                    serverEnvironment: cell.serverEnvironment, clientCertificate: cell.clientCertificate)
            }
        }
        return doc.checks.enumerated().map { i, check in
            let pair = i < services.count ? services[i] : (client: nil, server: nil)
            // Without `server:` in the plan, the first label of the verified name is the best guess.
            let guess = check.serverName.flatMap { $0.split(separator: ".").first.map(String.init) }
            return row(check, client: pair.client, clientEnvironment: nil, server: pair.server ?? guess, serverEnvironment: nil,
                       clientCertificate: nil)
        }
    }

    static func row(_ check: HandshakeCheckView, client: String?, clientEnvironment: String?, server: String?, serverEnvironment: String?,
                    clientCertificate: Bool?) -> HandshakeRow {
        HandshakeRow(name: check.name, client: client, clientEnvironment: clientEnvironment, server: server,
                     serverEnvironment: serverEnvironment, target: check.target, clientCertificate: clientCertificate,
                     reason: check.reason, expected: check.expected, matchedExpectation: check.matchedExpectation,
                     protocol: check.protocol, clientAuth: check.clientAuth, serviceConnectCompatible: check.serviceConnectCompatible,
                     detail: check.detail, warnings: check.warnings, earliestExpiry: check.earliestExpiry?.notAfter?.description,
                     earliestExpirySubject: check.earliestExpiry?.subject)
    }
}
