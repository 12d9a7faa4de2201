import MeshcertSupport

/// `aws acm describe-certificate` (botocore acm 2015-12-08), the fields the tracker reads.
public struct DescribeCertificateOutput: Decodable, Sendable, Equatable {
    public var certificate: ACMCertificate
    enum CodingKeys: String, CodingKey { case certificate = "Certificate" }
}

public struct ACMCertificate: Decodable, Sendable, Equatable {
    public var arn: String
    public var domainName: String?
    /// IMPORTED | AMAZON_ISSUED | PRIVATE
    public var type: String?
    /// ISSUED, PENDING_VALIDATION, EXPIRED, FAILED...
    public var status: String?
    public var certificateAuthorityArn: String?
    public var inUseBy: [String]?
    public var notAfter: AWSTime?
    public var keyAlgorithm: String?
    /// ELIGIBLE | INELIGIBLE
    public var renewalEligibility: String?
    public var renewalSummary: RenewalSummary?

    public struct RenewalSummary: Decodable, Sendable, Equatable {
        /// PENDING_AUTO_RENEWAL, PENDING_VALIDATION, SUCCESS, FAILED
        public var renewalStatus: String?
        public var renewalStatusReason: String?
        enum CodingKeys: String, CodingKey { case renewalStatus = "RenewalStatus", renewalStatusReason = "RenewalStatusReason" }
        public init(renewalStatus: String?, renewalStatusReason: String? = nil) {
            self.renewalStatus = renewalStatus
            self.renewalStatusReason = renewalStatusReason
        }
    }

    enum CodingKeys: String, CodingKey {
        case arn = "CertificateArn", domainName = "DomainName", type = "Type", status = "Status"
        case certificateAuthorityArn = "CertificateAuthorityArn", inUseBy = "InUseBy", notAfter = "NotAfter"
        case keyAlgorithm = "KeyAlgorithm", renewalEligibility = "RenewalEligibility", renewalSummary = "RenewalSummary"
    }

    public init(arn: String, domainName: String? = nil, type: String? = "PRIVATE", status: String? = "ISSUED", notAfter: EpochSeconds? = nil,
                renewalEligibility: String? = "ELIGIBLE", renewalStatus: String? = nil) {
        self.arn = arn
        self.domainName = domainName
        self.type = type
        self.status = status
        self.notAfter = notAfter.map { AWSTime($0) }
        self.renewalEligibility = renewalEligibility
        renewalSummary = renewalStatus.map { RenewalSummary(renewalStatus: $0) }
    }
}
