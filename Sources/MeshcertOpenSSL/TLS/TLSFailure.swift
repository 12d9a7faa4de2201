/// Why a TLS exchange failed, classified from what OpenSSL reported at the failing call.
public struct TLSFailure: Error, Sendable, Equatable {
    public enum Kind: String, Sendable {
        case expired
        case notYetValid
        case untrusted
        case hostnameMismatch
        /// The server refused to go on without a client certificate.
        case clientCertificateRequired
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

/// One certificate the peer sent, summarised (peerChain entries).
public struct TLSPeerCertificate: Sendable, Equatable {
    public let subject: String
    public let issuer: String
    /// Seconds since the epoch, nil when the field could not be read.
    public let notAfter: Int64?
    /// Lowercase hex SHA-256 of the DER encoding.
    public let sha256: String
    /// Lowercase hex serial number and notBefore (what `meshcert watch` records of each
    /// certificate it sees); empty / nil when not read.
    public let serial: String
    public let notBefore: Int64?

    public init(subject: String, issuer: String, notAfter: Int64?, sha256: String, serial: String = "", notBefore: Int64? = nil) {
        self.subject = subject
        self.issuer = issuer
        self.notAfter = notAfter
        self.sha256 = sha256
        self.serial = serial
        self.notBefore = notBefore
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
