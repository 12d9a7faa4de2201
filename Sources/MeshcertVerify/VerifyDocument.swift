import MeshcertOpenSSL
import MeshcertSupport

/// The `meshcert.verify.v1` document (`meshcert verify --format json`). Field order is
/// declaration order; it is a public contract.
public struct VerifyDocument: Codable, Sendable, Equatable {
    public static let schema = "meshcert.verify.v1"

    public var schema: String
    /// The evaluation time (`--at`, else the time of the run).
    public var at: Instant
    public var peer: Peer
    /// The name the certificate was checked for (`--name`); null when none was given.
    public var name: String?
    /// `server` or `client` (`--purpose`); null when none was given.
    public var purpose: VerificationPurpose?
    public var policy: Policy
    public var verified: Bool
    /// OpenSSL's reason, or the first failed pedantic check; null when verified.
    public var reason: String?
    /// OpenSSL's result name: `X509_V_OK`, `X509_V_ERR_CERT_HAS_EXPIRED`...
    public var code: String
    /// Position in `path` of the certificate the failure is about (0 = peer); null when verified.
    public var depth: Int?
    /// The chain OpenSSL built, peer first (as far as it got when verification failed).
    public var path: [PathEntry]
    /// Failed pedantic checks (only with `--pedantic`).
    public var pedantic: [PedanticEntry]
    /// `strict_validation_failed` when the strict profile rejects what `compatible` accepted.
    public var warnings: [Warning]
    /// How many intermediates were offered (rest of PEER file and `--chain`) and anchors given.
    public var offered: Offered

    public struct Peer: Codable, Sendable, Equatable {
        public var file: String
        public var subject: String
        public var sha256: String
        public var notBefore: Instant
        public var notAfter: Instant
    }

    public struct Policy: Codable, Sendable, Equatable {
        public var profile: VerificationPolicy.Profile
        public var maxDepth: Int?
        public var partialChain: Bool
        public var crls: [String]
        public var pedantic: Bool
        /// The checks made beyond OpenSSL's defaults (`x509_strict`, `partial_chain`...).
        public var checks: [String]

        public init(_ policy: VerificationPolicy) {
            profile = policy.profile
            maxDepth = policy.maxDepth
            partialChain = policy.allowsPartialChain
            crls = policy.crlFiles
            pedantic = policy.pedantic
            checks = policy.checks
        }
    }

    public struct PathEntry: Codable, Sendable, Equatable {
        public var subject: String
        public var role: PathCertificate.Role
        public var notBefore: Instant
        public var notAfter: Instant
        public var sha256: String
    }

    public struct PedanticEntry: Codable, Sendable, Equatable {
        public var code: PedanticCheck
        public var depth: Int
        public var subject: String
        public var detail: String
    }

    public struct Warning: Codable, Sendable, Equatable {
        public var code: String
        public var detail: String
    }

    public struct Offered: Codable, Sendable, Equatable {
        public var intermediates: Int
        public var anchors: Int
    }

    init(request: VerifyRequest, peer: X509Certificate, verdict: ChainVerdict, offered: Int, anchors: Int,
         warnings: [Warning]) {
        schema = Self.schema
        at = Instant(request.at)
        self.peer = Peer(file: request.peerFile, subject: peer.subjectName, sha256: peer.sha256,
                         notBefore: Instant(peer.notBefore), notAfter: Instant(peer.notAfter))
        name = request.name?.description
        purpose = request.purpose
        policy = Policy(request.policy)
        verified = verdict.verified
        reason = verdict.reason
        code = verdict.code
        depth = verdict.depth
        path = verdict.path.map {
            PathEntry(subject: $0.subject, role: $0.role, notBefore: Instant($0.notBefore),
                      notAfter: Instant($0.notAfter), sha256: $0.sha256)
        }
        pedantic = verdict.pedantic.map { PedanticEntry(code: $0.check, depth: $0.depth, subject: $0.subject, detail: $0.detail) }
        self.warnings = warnings
        self.offered = Offered(intermediates: offered, anchors: anchors)
    }

    /// The document as written by `--format json` (pretty, no trailing newline).
    public func render(pretty: Bool = true) throws -> String { try JSONValueEncoder().encode(self).render(pretty: pretty) }
}
