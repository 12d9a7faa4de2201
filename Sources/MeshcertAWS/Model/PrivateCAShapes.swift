import MeshcertSupport

/// `aws acm-pca list-certificate-authorities` (botocore acm-pca 2017-08-22), the fields the
/// migration tracker reads.
public struct ListCertificateAuthoritiesOutput: Decodable, Sendable, Equatable {
    public var certificateAuthorities: [CertificateAuthority]
    enum CodingKeys: String, CodingKey { case certificateAuthorities = "CertificateAuthorities" }
}

public struct CertificateAuthority: Decodable, Sendable, Equatable {
    public var arn: String
    /// ROOT | SUBORDINATE
    public var type: String?
    /// CREATING, PENDING_CERTIFICATE, ACTIVE, DELETED, DISABLED, EXPIRED, FAILED
    public var status: String?
    /// GENERAL_PURPOSE | SHORT_LIVED_CERTIFICATE (absent: GENERAL_PURPOSE, the API's default)
    public var usageMode: String?
    public var notBefore: AWSTime?
    public var notAfter: AWSTime?
    public var ownerAccount: String?
    public var configuration: Configuration?

    public struct Configuration: Decodable, Sendable, Equatable {
        public var keyAlgorithm: String?
        public var signingAlgorithm: String?
        enum CodingKeys: String, CodingKey { case keyAlgorithm = "KeyAlgorithm", signingAlgorithm = "SigningAlgorithm" }
        public init(keyAlgorithm: String?, signingAlgorithm: String? = nil) {
            self.keyAlgorithm = keyAlgorithm
            self.signingAlgorithm = signingAlgorithm
        }
    }

    enum CodingKeys: String, CodingKey {
        case arn = "Arn", type = "Type", status = "Status", usageMode = "UsageMode", notBefore = "NotBefore", notAfter = "NotAfter"
        case ownerAccount = "OwnerAccount", configuration = "CertificateAuthorityConfiguration"
    }

    public init(arn: String, type: String? = "ROOT", status: String? = "ACTIVE", usageMode: String? = "SHORT_LIVED_CERTIFICATE",
                notAfter: EpochSeconds? = nil, keyAlgorithm: String? = "EC_prime256v1") {
        self.arn = arn
        self.type = type
        self.status = status
        self.usageMode = usageMode
        self.notAfter = notAfter.map { AWSTime($0) }
        configuration = Configuration(keyAlgorithm: keyAlgorithm)
    }

    /// The usage mode, with the API's default when the field is absent.
    public var effectiveUsageMode: String { usageMode ?? "GENERAL_PURPOSE" }
}
