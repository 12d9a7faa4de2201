/// The diagnosis of one check: exactly one of these codes (a public contract, see docs/handshake.md).
public enum HandshakeReason: String, Sendable, CaseIterable, Hashable {
    case ok
    case expired
    case notYetValid = "not_yet_valid"
    case untrusted
    /// The server did not send an intermediate its leaf needs (the leaf names where its issuer is
    /// published, caIssuers), and `--trust` does not hold it.
    case incompleteChain = "incomplete_chain"
    case hostnameMismatch = "hostname_mismatch"
    case clientCertificateRequired = "client_certificate_required"
    /// The server refused the client certificate presented: a TLS alert, or (with `--http-probe`)
    /// an HTTP answer that names a bad certificate.
    case clientCertificateRejected = "client_certificate_rejected"
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
