import MeshcertSupport

/// One verification's outcome: OpenSSL's verdict, the path it built, and the policy's own checks.
public struct ChainVerdict: Sendable, Equatable {
    public var verified: Bool
    /// OpenSSL's result name (`X509_V_OK`, `X509_V_ERR_CERT_HAS_EXPIRED`...): match on this.
    public var code: String
    /// Why it failed, in OpenSSL's words ("certificate has expired"), or the first failed
    /// pedantic check; nil when verified.
    public var reason: String?
    /// Position in `path` of the certificate OpenSSL objected to (0 = the peer); nil when verified.
    public var depth: Int?
    /// The chain OpenSSL built, peer first (as far as it got, when verification failed).
    public var path: [PathCertificate]
    /// Failed pedantic checks (only with `VerificationPolicy.pedantic`).
    public var pedantic: [PedanticFinding]

    public init(verified: Bool, code: String, reason: String?, depth: Int?, path: [PathCertificate],
                pedantic: [PedanticFinding]) {
        self.verified = verified
        self.code = code
        self.reason = reason
        self.depth = depth
        self.path = path
        self.pedantic = pedantic
    }
}

/// One certificate of a built path.
public struct PathCertificate: Sendable, Equatable {
    public enum Role: String, Sendable, Codable {
        case leaf, intermediate
        /// A self-signed trust anchor.
        case root
        /// A trust anchor that is not self-signed (partial chain).
        case anchor
    }

    public var subject: String
    public var role: Role
    public var notBefore: EpochSeconds
    public var notAfter: EpochSeconds
    public var sha256: String

    public init(subject: String, role: Role, notBefore: EpochSeconds, notAfter: EpochSeconds, sha256: String) {
        self.subject = subject
        self.role = role
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.sha256 = sha256
    }
}
