import MeshcertOpenSSL

/// Recognises DER structures by their shape, without decoding them, so a file's format comes
/// from its content and hashing can happen before any parsing.
enum DERKind: Equatable {
    case certificate
    case pkcs7
    case pkcs12
    case privateKey          // PKCS#8 PrivateKeyInfo or a traditional RSA/EC key
    case encryptedPrivateKey // PKCS#8 EncryptedPrivateKeyInfo
    case csr
    case crl
    case publicKey
    case unknown
}

/// Format detection on MeshcertOpenSSL's `DERReader` (the one DER walker). It reads headers with
/// `header(at:)`, which accepts a declared length that runs past the end: a cut file must still
/// be recognised, to be reported as cut.
enum DERSniffer {
    /// The header of the outer element, even when the file is cut; nil when there is no header.
    static func outerHeader(_ b: [UInt8]) -> DERHeader? {
        DERReader.reading(b) { $0.header(at: 0) }
    }

    /// The length of the complete outer element at the start of `b` (it may be followed by
    /// other data, as in OpenSSL's TRUSTED CERTIFICATE), or nil when it does not fit.
    static func outerLength(_ b: [UInt8]) -> Int? {
        guard let e = outerHeader(b), e.tag == 0x30, e.total <= b.count else { return nil }
        return e.total
    }

    /// True when the bytes start with a SEQUENCE whose declared length runs past the end.
    static func isCut(_ b: [UInt8]) -> Bool {
        guard let e = outerHeader(b), e.tag == 0x30 else { return false }
        return e.total > b.count
    }

    private static let oidSignedData: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02]
    private static let oidData: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01]

    static func classify(_ b: [UInt8]) -> DERKind {
        DERReader.reading(b) { classify($0) }
    }

    private static func classify(_ r: DERReader) -> DERKind {
        guard let outer = r.header(at: 0), outer.tag == 0x30 else { return .unknown }
        let p1 = outer.headerLength
        guard let e1 = r.header(at: p1) else { return .unknown }
        switch e1.tag {
        case 0x06:
            // ContentInfo: OID then [0] content.
            return r.hasBytes(oidSignedData, at: p1) ? .pkcs7 : .unknown
        case 0x02:
            // INTEGER first: PKCS#12 (version 3, then ContentInfo), PKCS#8 (0, AlgorithmIdentifier),
            // RSA (0, INTEGER n), SEC1 EC (1, OCTET STRING).
            guard e1.length == 1, p1 + 2 < r.bytes.count else { return .unknown }
            let version = r.bytes[p1 + 2]
            let p2 = p1 + e1.total
            guard let e2 = r.header(at: p2) else { return .unknown }
            if version == 3, e2.tag == 0x30, r.hasBytes(oidData, at: p2 + e2.headerLength) { return .pkcs12 }
            if version == 0, e2.tag == 0x30 { return .privateKey }        // PKCS#8
            if version == 0, e2.tag == 0x02 { return .privateKey }        // PKCS#1 RSA / DSA
            if version == 1, e2.tag == 0x04 { return .privateKey }        // SEC1 EC
            if version == 1, e2.tag == 0x30 { return .privateKey }        // PKCS#8 v2 (OneAsymmetricKey)
            return .unknown
        case 0x30:
            // SEQUENCE { SEQUENCE ... }: certificate, CSR, CRL, SPKI or EncryptedPrivateKeyInfo.
            let p2 = p1 + e1.headerLength
            guard let inner = r.header(at: p2) else { return .unknown }
            let second = r.header(at: p1 + e1.total)
            if inner.tag == 0xA0 { return .certificate }                // [0] version: v2/v3 cert
            if inner.tag == 0x06, second?.tag == 0x03 { return .publicKey }   // AlgorithmIdentifier, BIT STRING
            if inner.tag == 0x06, second?.tag == 0x04 { return .encryptedPrivateKey }
            if inner.tag == 0x02 {
                // v1 certificate: serial, AlgorithmIdentifier, Name, Validity (SEQUENCE).
                // CSR: version, Name, SubjectPublicKeyInfo, [0] attributes.
                // CRL v2: version, AlgorithmIdentifier, Name, thisUpdate (UTCTime/GeneralizedTime).
                var offset = p2 + inner.total
                var tags: [UInt8] = []
                for _ in 0..<3 {
                    guard let e = r.header(at: offset) else { break }
                    tags.append(e.tag)
                    offset += e.total
                }
                guard tags.count == 3 else { return .unknown }
                switch tags[2] {
                case 0xA0: return .csr
                case 0x17, 0x18: return .crl
                case 0x30: return .certificate
                default: return .unknown
                }
            }
            if inner.tag == 0x30 { return .crl }                        // v1 CRL: AlgorithmIdentifier first
            return .unknown
        default:
            return .unknown
        }
    }

    /// The certificates of a PKCS#7 SignedData, as DER slices, found by walking the structure
    /// (ContentInfo { signedData, [0] SignedData { version, digestAlgorithms, contentInfo,
    /// [0] certificates ... } }) without decoding them. Nil when the shape is not that; the
    /// caller then lets OpenSSL explain.
    static func pkcs7Certificates(_ b: [UInt8]) -> [[UInt8]]? {
        DERReader.reading(b) { pkcs7Certificates($0) }
    }

    private static func pkcs7Certificates(_ r: DERReader) -> [[UInt8]]? {
        let count = r.bytes.count
        guard let outer = r.header(at: 0), outer.tag == 0x30, outer.total <= count,
              classify(r) == .pkcs7 else { return nil }
        var p = outer.headerLength
        guard let oid = r.header(at: p) else { return nil }
        p += oid.total
        guard let explicit = r.header(at: p), explicit.tag == 0xA0 else { return [] }   // no content
        p += explicit.headerLength
        guard let signedData = r.header(at: p), signedData.tag == 0x30, p + signedData.total <= count else { return nil }
        let sdEnd = p + signedData.total
        p += signedData.headerLength
        for expected: UInt8 in [0x02, 0x31, 0x30] {   // version, digestAlgorithms, encapContentInfo
            guard let e = r.header(at: p), e.tag == expected else { return nil }
            p += e.total
        }
        guard p < sdEnd, let set = r.header(at: p), set.tag == 0xA0 else { return [] }  // no certificates
        var q = p + set.headerLength
        let setEnd = q + set.length
        guard setEnd <= sdEnd else { return nil }
        var out: [[UInt8]] = []
        while q < setEnd {
            guard let c = r.header(at: q), q + c.total <= setEnd else { return nil }
            if c.tag == 0x30 { out.append(r.slice(q..<(q + c.total))) }   // skip other certificate choices
            q += c.total
        }
        return out
    }
}
