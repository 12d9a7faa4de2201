import MeshcertSupport

/// Everything meshcert reads out of one certificate. A value type: safe to pass anywhere.
public struct CertificateDetails: Sendable, Equatable {
    public var subject: String                 // RFC 2253
    public var subjectCommonName: String?
    public var issuer: String                  // RFC 2253
    public var issuerCommonName: String?
    public var serial: String                  // lowercase hex, no separators
    public var notBefore: EpochSeconds
    public var notAfter: EpochSeconds
    public var keyType: String                 // RSA, EC, Ed25519, Ed448, DSA, RSA-PSS...
    public var keyBits: Int
    public var curve: String?                  // P-256, P-384, secp256k1...
    public var signatureAlgorithm: String      // sha256WithRSAEncryption, ecdsa-with-SHA256...
    public var isCA: Bool
    public var pathLength: Int?
    public var selfSigned: Bool
    public var dnsNames: [String]
    public var ipAddresses: [String]           // dotted IPv4, RFC 5952 IPv6
    public var uris: [String]
    public var emails: [String]
    public var keyUsage: [String]
    public var extendedKeyUsage: [String]
    public var subjectKeyIdentifier: String?   // hex
    public var authorityKeyIdentifier: String? // hex
    /// SHA-256 of the DER SubjectPublicKeyInfo: pairs certificates with private keys.
    public var publicKeySHA256: String

    /// Validity span in days, as a real number (395.0 for a 13-month certificate).
    public var validityDays: Double { Double(notAfter - notBefore) / 86400 }
}
