/// One certificate of a peer's chain, summarised (peerChain entries, and the chain OpenSSL built).
public struct TLSPeerCertificate: Sendable, Equatable {
    public var subject: String
    public var issuer: String
    /// Seconds since the epoch, nil when the field could not be read.
    public var notBefore: Int64?
    public var notAfter: Int64?
    /// Lowercase hex SHA-256 of the DER encoding.
    public var sha256: String
    /// Lowercase hex, no separators.
    public var serial: String
    public var dnsNames: [String]
    public var ipAddresses: [String]
    /// "EC", "RSA"...; bits; EC curve (`P-256`), nil for other keys.
    public var keyType: String
    public var keyBits: Int
    public var curve: String?
    public var signatureAlgorithm: String
    /// Authority Information Access: OCSP responders and where the issuer's certificate is.
    public var ocspURIs: [String]
    public var caIssuersURIs: [String]
    /// CRL distribution points (full-name URIs).
    public var crlURIs: [String]
    public var isCA: Bool
    public var selfSigned: Bool

    public init(subject: String, issuer: String, notBefore: Int64? = nil, notAfter: Int64?, sha256: String, serial: String = "",
                dnsNames: [String] = [], ipAddresses: [String] = [], keyType: String = "", keyBits: Int = 0, curve: String? = nil,
                signatureAlgorithm: String = "", ocspURIs: [String] = [], caIssuersURIs: [String] = [], crlURIs: [String] = [],
                isCA: Bool = false, selfSigned: Bool = false) {
        self.subject = subject
        self.issuer = issuer
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.sha256 = sha256
        self.serial = serial
        self.dnsNames = dnsNames
        self.ipAddresses = ipAddresses
        self.keyType = keyType
        self.keyBits = keyBits
        self.curve = curve
        self.signatureAlgorithm = signatureAlgorithm
        self.ocspURIs = ocspURIs
        self.caIssuersURIs = caIssuersURIs
        self.crlURIs = crlURIs
        self.isCA = isCA
        self.selfSigned = selfSigned
    }

    /// Every field read from one certificate.
    public init(_ certificate: X509Certificate) {
        let d = certificate.details()
        self.init(subject: d.subject, issuer: d.issuer, notBefore: d.notBefore, notAfter: d.notAfter, sha256: certificate.sha256,
                  serial: d.serial, dnsNames: d.dnsNames, ipAddresses: d.ipAddresses, keyType: d.keyType, keyBits: d.keyBits,
                  curve: d.curve, signatureAlgorithm: d.signatureAlgorithm, ocspURIs: certificate.ocspURIs,
                  caIssuersURIs: certificate.caIssuersURIs, crlURIs: certificate.crlURIs, isCA: d.isCA, selfSigned: d.selfSigned)
    }
}

/// What a client saw of the server's chain in one connection: what was sent, what OpenSSL
/// built from it and the trust store, and how the sent certificates link up.
public struct TLSPeerChain: Sendable, Equatable {
    /// As the server sent it, leaf first (at most 16).
    public var sent: [TLSPeerCertificate]
    /// The path OpenSSL built (leaf to trust anchor when verified; as far as it got otherwise).
    public var built: [TLSPeerCertificate]
    /// For each sent certificate, the position of the sent certificate that issued it (name and
    /// signature), nil when none did.
    public var issuerPosition: [Int?]
    /// `X509_V_OK` (0) or the verify error.
    public var verifyError: Int
    /// The server stapled an OCSP response (we asked with status_request).
    public var ocspStapled: Bool

    public init(sent: [TLSPeerCertificate], built: [TLSPeerCertificate], issuerPosition: [Int?], verifyError: Int, ocspStapled: Bool) {
        self.sent = sent
        self.built = built
        self.issuerPosition = issuerPosition
        self.verifyError = verifyError
        self.ocspStapled = ocspStapled
    }

    public static let empty = TLSPeerChain(sent: [], built: [], issuerPosition: [], verifyError: 0, ocspStapled: false)
}

/// The X509 verify errors meshcert tells apart (OpenSSL's numbers, a public contract of theirs).
public enum X509VerifyError {
    public static let unableToGetIssuer = 2
    public static let notYetValid = 9
    public static let expired = 10
    public static let selfSignedLeaf = 18
    public static let selfSignedInChain = 19
    public static let unableToGetLocalIssuer = 20
    public static let unableToVerifyLeafSignature = 21
    public static let hostnameMismatch = 62
    public static let ipAddressMismatch = 64
}
