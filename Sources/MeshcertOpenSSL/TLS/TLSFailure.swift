/// Why a TLS exchange failed, classified from what OpenSSL reported at the failing call.
public struct TLSFailure: Error, Sendable, Equatable {
    public enum Kind: String, Sendable {
        case expired
        case notYetValid
        case untrusted
        case hostnameMismatch
        /// The server refused to go on without a client certificate.
        case clientCertificateRequired
        /// The server refused the client certificate we presented (its alert in `detail`).
        case clientCertificateRejected
        /// No TLS version both sides accept.
        case protocolMismatch
        /// The peer answered with something that is not TLS (plaintext HTTP, SSH banner...).
        case notTLS
        /// Anything else; `detail` carries OpenSSL's own words.
        case other
    }

    public let kind: Kind
    /// Human-readable explanation in OpenSSL's words (verify error string, alert, error queue).
    public let detail: String

    public init(kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }
}

/// The public key of the peer's leaf certificate: what Service Connect's CA could have issued.
public struct TLSPeerKey: Sendable, Equatable {
    /// "EC", "RSA", or OpenSSL's type name for anything else.
    public let algorithm: String
    public let bits: Int
    /// EC curve name (`P-256`, NIST names where there is one), nil for RSA.
    public let curve: String?

    public init(algorithm: String, bits: Int, curve: String?) {
        self.algorithm = algorithm
        self.bits = bits
        self.curve = curve
    }
}
