import MeshcertOpenSSL
import MeshcertSupport

/// The result of `meshcert scan`: one entry per distinct certificate, plus keys, other PEM
/// objects and every file that could not be read. Plain values, ready to render.
public struct Inventory: Sendable {
    public var evaluatedAt: EpochSeconds
    public var certificates: [CertificateEntry]
    public var keys: [KeyEntry]
    public var notCertificates: [OtherObject]
    public var errors: [Diagnostic]
    public var summary: Summary

    /// Files with certificate material were given and none of them could be read: a bad input
    /// for `scan` and `report` (exit 2), where an empty folder is only an empty inventory.
    public var nothingReadable: Bool {
        certificates.isEmpty && keys.isEmpty && notCertificates.isEmpty && !errors.isEmpty
    }
}

public enum CertificateFormat: String, Sendable {
    case pem = "PEM", der = "DER", pkcs7 = "PKCS7", pkcs12 = "PKCS12"
}

/// Where a certificate was found: a file, its format, and its position inside the file.
public struct Location: Sendable, Equatable, Hashable {
    public var path: String
    public var format: CertificateFormat
    public var index: Int
}

public enum UsageMode: String, Sendable {
    case shortLived = "SHORT_LIVED", generalPurpose = "GENERAL_PURPOSE"
}

public enum ValidityStatus: String, Sendable {
    case valid, expired, notYetValid = "not_yet_valid", expiringSoon = "expiring_soon"
}

public enum Severity: String, Sendable, Comparable {
    case info, warning, error
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    private var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
}

public struct Finding: Sendable, Equatable {
    public var code: String
    public var severity: Severity
    public var message: String
}

public struct ChainStatus: Sendable, Equatable {
    /// The issuer found among the scanned (or `--trust`) certificates whose key verifies this one.
    public var issuerSHA256: String?
    /// The chain of verified issuers reaches a self-signed root.
    public var complete: Bool
    /// With `--trust`: OpenSSL verified the chain to a trust anchor at the evaluation time.
    /// Nil when no trust anchors were given.
    public var trusted: Bool?
    /// OpenSSL's verification message when `trusted` is false.
    public var trustError: String?
    /// OpenSSL's result name (`X509_V_OK`, `X509_V_ERR_...`) when anchors were given.
    public var trustCode: String?
    /// The verification profile the verdict was made under, when anchors were given.
    public var profile: VerificationPolicy.Profile?
    /// Why the strict profile rejects a chain that the `compatible` profile trusts.
    public var strictError: String?
}

public struct CertificateEntry: Sendable {
    public var sha256: String
    public var details: CertificateDetails
    public var usageMode: UsageMode?
    public var status: ValidityStatus
    public var locations: [Location]
    public var chain: ChainStatus
    public var findings: [Finding]
    /// Paths of the private keys that match this certificate's public key.
    public var keyPaths: [String]
}

public struct KeyEntry: Sendable {
    public var path: String
    public var format: String       // PEM, DER or PKCS12
    public var info: PrivateKeyInfo
    /// SHA-256 of the certificates that carry this key's public half.
    public var matches: [String]
    public var findings: [Finding]
}

/// A recognised object that is not a certificate: csr, crl, public_key, parameters...
public struct OtherObject: Sendable {
    public var path: String
    public var kind: String
}

public struct Summary: Sendable {
    public var files: Int
    public var skipped: Int
    public var certificates: Int
    public var errors: Int
    public var locations: Int
    public var keys: Int
}
