import MeshcertOpenSSL
import MeshcertSupport

/// Usage mode and validity status, the two classifications every certificate gets.
public enum Classification {
    /// AWS Private CA's SHORT_LIVED_CERTIFICATE mode issues certificates valid at most 7 days.
    public static let shortLivedMaxSeconds: Int64 = 7 * 86400

    /// SHORT_LIVED when the validity is at most 7 days, GENERAL_PURPOSE otherwise; nil for CAs.
    public static func usageMode(_ d: CertificateDetails) -> UsageMode? {
        if d.isCA { return nil }
        return d.notAfter - d.notBefore <= shortLivedMaxSeconds ? .shortLived : .generalPurpose
    }

    /// Status at `at`. notAfter is the last valid second (RFC 5280 validity is inclusive).
    /// expiring_soon: less than `warnDays` left, or for a short-lived certificate less than 2/7
    /// of its lifetime (Service Connect renews at 5 of 7 days, so less means a missed renewal).
    public static func status(_ d: CertificateDetails, at: EpochSeconds, warnDays: Int) -> ValidityStatus {
        if at < d.notBefore { return .notYetValid }
        if at > d.notAfter { return .expired }
        let left = d.notAfter - at
        let lifetime = d.notAfter - d.notBefore
        let threshold = !d.isCA && lifetime <= shortLivedMaxSeconds ? lifetime * 2 / 7 : Int64(warnDays) * 86400
        return left < threshold ? .expiringSoon : .valid
    }
}
