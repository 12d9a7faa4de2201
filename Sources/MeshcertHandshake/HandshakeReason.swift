/// The diagnosis of one check: exactly one of these codes (a public contract, see docs/handshake.md).
public enum HandshakeReason: String, Sendable, CaseIterable, Hashable {
    case ok
    case expired
    case notYetValid = "not_yet_valid"
    case untrusted
    case hostnameMismatch = "hostname_mismatch"
    case clientCertificateRequired = "client_certificate_required"
    case protocolMismatch = "protocol_mismatch"
    case connectionRefused = "connection_refused"
    case timeout
    case dnsFailure = "dns_failure"
    /// The peer does not speak TLS (plaintext HTTP, SSH...).
    case notTLS = "not_tls"
    /// Anything else, with OpenSSL's own words in `detail`.
    case handshakeFailure = "handshake_failure"

    public static var allCodes: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Whether the server asks for and insists on a client certificate.
public enum ClientAuth: String, Sendable {
    case none
    case requested
    case required
}
