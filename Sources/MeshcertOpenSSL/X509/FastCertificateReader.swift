internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif
import MeshcertSupport

/// The parts of a certificate a signature check needs, as read from its DER.
public struct SignedParts: Sendable {
    public var tbs: Range<Int>
    public var signatureAlgorithmOID: [UInt8]
    public var signature: Range<Int>   // BIT STRING value without the unused-bits byte
}

/// Reads the inventory fields of a certificate directly from its DER (names through OpenSSL's
/// cheap name decoder). Returns nil for anything outside the common shape (v1 certificates,
/// unknown key or signature algorithms, unknown EKU OIDs, negative serials...): the caller then
/// uses `X509Certificate.details()`, so results are identical, only slower.
public enum FastCertificateReader {
    /// The property the tests and the fuzzer hold the fast reader to: every field equals what
    /// OpenSSL's decoder reads, except the key description when OpenSSL cannot decode the key
    /// material (it then says "unknown"; the fast reader reports the declared algorithm, as it
    /// never decodes key material), the self-signed flag, which OpenSSL then cannot check, and
    /// the public key's SHA-256: the fast reader hashes the SubjectPublicKeyInfo as written,
    /// OpenSSL re-encodes a key it could not decode (e.g. a BIT STRING with unused bits: a
    /// different hash; no private key can match such a key either way).
    /// Found by fuzzing (Scripts/fuzz.sh FuzzCertificateLoader).
    /// When OpenSSL rejects the extension block (`extensionsValid` false) it reports no extension
    /// data, while the fast reader reports what it could read: extension fields are not compared.
    public static func agrees(_ fast: CertificateDetails, with full: CertificateDetails, extensionsValid: Bool = true) -> Bool {
        var f = fast
        if full.keyType == "unknown" {
            (f.keyType, f.keyBits, f.curve, f.selfSigned) = (full.keyType, full.keyBits, full.curve, full.selfSigned)
            f.publicKeySHA256 = full.publicKeySHA256
        }
        if !extensionsValid {
            (f.isCA, f.pathLength, f.selfSigned, f.dnsNames, f.ipAddresses, f.uris, f.emails) =
                (full.isCA, full.pathLength, full.selfSigned, full.dnsNames, full.ipAddresses, full.uris, full.emails)
            (f.keyUsage, f.extendedKeyUsage, f.subjectKeyIdentifier, f.authorityKeyIdentifier) =
                (full.keyUsage, full.extendedKeyUsage, full.subjectKeyIdentifier, full.authorityKeyIdentifier)
        }
        return f == full
    }

    public static func read(der: [UInt8], issuerNames: IssuerNameReuse? = nil) -> (CertificateDetails, SignedParts)? {
        DERReader.reading(der) { read($0, issuerNames: issuerNames) }
    }

    static func read(_ r: DERReader, issuerNames: IssuerNameReuse? = nil) -> (CertificateDetails, SignedParts)? {
        guard let cert = r.node(at: 0), cert.tag == 0x30, cert.end == r.bytes.count,
              let top = r.children(of: cert), top.count == 3, top[0].tag == 0x30, top[1].tag == 0x30, top[2].tag == 0x03,
              let tbs = r.children(of: top[0]), tbs.count >= 7, tbs[0].tag == 0xA0,
              let sigAlg = r.children(of: top[1]), let sigOID = sigAlg.first, sigOID.tag == 0x06,
              top[2].content.count > 1, r.bytes[top[2].content.lowerBound] == 0 else { return nil }
        let oid = r.slice(sigOID.content)
        guard let signatureName = Names.signature(oid) else { return nil }

        // TBSCertificate: [0] version, serial, signature, issuer, validity, subject, spki, ... [3] extensions
        let serialNode = tbs[1], issuerNode = tbs[3], validityNode = tbs[4], subjectNode = tbs[5], spkiNode = tbs[6]
        // RFC 5280: the signed and the outer algorithm identifiers must be equal; when they are
        // not, OpenSSL's own rules (self-signed checks...) decide, through the full decoder.
        guard r.same(tbs[2].start..<tbs[2].end, top[1].start..<top[1].end) else { return nil }
        guard serialNode.tag == 0x02, issuerNode.tag == 0x30, validityNode.tag == 0x30, subjectNode.tag == 0x30,
              spkiNode.tag == 0x30, let serial = serialHex(r, serialNode),
              let validity = r.children(of: validityNode), validity.count == 2,
              let notBefore = time(r, validity[0]), let notAfter = time(r, validity[1]),
              let key = publicKey(r, spkiNode) else { return nil }

        var details = CertificateDetails(
            subject: "", subjectCommonName: nil, issuer: "", issuerCommonName: nil, serial: serial,
            notBefore: notBefore, notAfter: notAfter, keyType: key.type, keyBits: key.bits, curve: key.curve,
            signatureAlgorithm: signatureName, isCA: false, pathLength: nil, selfSigned: false,
            dnsNames: [], ipAddresses: [], uris: [], emails: [], keyUsage: [], extendedKeyUsage: [],
            subjectKeyIdentifier: nil, authorityKeyIdentifier: nil,
            publicKeySHA256: Digest.sha256Hex(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: r.bytes[spkiNode.start..<spkiNode.end]))))

        if let extensions = tbs.last, extensions.tag == 0xA3 {
            guard let seq = r.node(at: extensions.content.lowerBound, limit: extensions.end), seq.tag == 0x30,
                  let list = r.children(of: seq), readExtensions(r, list, into: &details) else { return nil }
        }
        guard let subject = name(r, subjectNode), let issuer = issuerNames.map({ $0.name(r, issuerNode) }) ?? name(r, issuerNode) else { return nil }
        (details.subject, details.subjectCommonName) = subject
        (details.issuer, details.issuerCommonName) = issuer
        // As X509_self_signed(x, 0): same name, and the key identifiers (when both present) agree.
        let sameName = r.same(subjectNode.start..<subjectNode.end, issuerNode.start..<issuerNode.end)
        details.selfSigned = sameName && (details.authorityKeyIdentifier == nil || details.subjectKeyIdentifier == nil
            || details.authorityKeyIdentifier == details.subjectKeyIdentifier)
        let bits = top[2].content
        return (details, SignedParts(tbs: top[0].start..<top[0].end, signatureAlgorithmOID: oid,
                                     signature: (bits.lowerBound + 1)..<bits.upperBound))
    }

    // MARK: fields

    private static func serialHex(_ r: DERReader, _ n: DERNode) -> String? {
        var bytes = r.bytes[n.content]
        guard let first = bytes.first, first < 0x80 else { return nil }   // negative: let OpenSSL print it
        while bytes.count > 1, bytes.first == 0 { bytes = bytes.dropFirst() }
        if bytes.count == 1 && bytes.first == 0 { return "0" }
        return Hex.encode(bytes)
    }

    /// UTCTime `YYMMDDHHMMSSZ` or GeneralizedTime `YYYYMMDDHHMMSSZ` (the only DER forms).
    private static func time(_ r: DERReader, _ n: DERNode) -> EpochSeconds? {
        let digits: Int
        switch (n.tag, n.content.count) {
        case (0x17, 13): digits = 12
        case (0x18, 15): digits = 14
        default: return nil
        }
        let s = n.content.lowerBound
        guard r.bytes[s + digits] == UInt8(ascii: "Z") else { return nil }
        // Two-digit groups read in place (twice per certificate: no array of them).
        func group(_ k: Int) -> Int? {
            let a = Int(r.bytes[s + 2 * k]) - 48, b = Int(r.bytes[s + 2 * k + 1]) - 48
            return (0...9).contains(a) && (0...9).contains(b) ? a * 10 + b : nil
        }
        guard let g0 = group(0), let g1 = group(1), let g2 = group(2), let g3 = group(3), let g4 = group(4),
              let g5 = group(5), let g6 = digits == 14 ? group(6) : 0 else { return nil }
        let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
        if digits == 12 {
            year = g0 < 50 ? 2000 + g0 : 1900 + g0
            (month, day, hour, minute, second) = (g1, g2, g3, g4, g5)
        } else {
            year = g0 * 100 + g1
            (month, day, hour, minute, second) = (g2, g3, g4, g5, g6)
        }
        // The ranges OpenSSL's ASN1_TIME_to_tm accepts; anything else goes to the full decoder.
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        guard (1...12).contains(month), day >= 1, day <= (month == 2 && leap ? 29 : monthDays[month - 1]),
              hour <= 23, minute <= 59, second <= 59 else { return nil }
        return Timestamp.epoch(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    private static let monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    private static func publicKey(_ r: DERReader, _ spki: DERNode) -> (type: String, bits: Int, curve: String?)? {
        guard let parts = r.children(of: spki), parts.count == 2, parts[0].tag == 0x30, parts[1].tag == 0x03,
              let alg = r.children(of: parts[0]), let oid = alg.first, oid.tag == 0x06 else { return nil }
        let algorithm = oid.content
        if r.equal(algorithm, OID.rsaEncryption) {
            let bits = parts[1].content
            guard bits.count > 1, let seq = r.node(at: bits.lowerBound + 1, limit: bits.upperBound), seq.tag == 0x30,
                  let numbers = r.children(of: seq), numbers.count == 2, numbers[0].tag == 0x02 else { return nil }
            var modulus = r.bytes[numbers[0].content]
            while modulus.count > 1, modulus.first == 0 { modulus = modulus.dropFirst() }
            guard let top = modulus.first, top != 0 else { return nil }
            return ("RSA", modulus.count * 8 - top.leadingZeroBitCount, nil)
        }
        if r.equal(algorithm, OID.ecPublicKey) {
            guard alg.count == 2, alg[1].tag == 0x06 else { return nil }
            let curve = alg[1].content
            if r.equal(curve, OID.prime256v1) { return ("EC", 256, "P-256") }
            if r.equal(curve, OID.secp384r1) { return ("EC", 384, "P-384") }
            if r.equal(curve, OID.secp521r1) { return ("EC", 521, "P-521") }
            return nil
        }
        if r.equal(algorithm, OID.ed25519) { return ("Ed25519", 256, nil) }
        if r.equal(algorithm, OID.ed448) { return ("Ed448", 456, nil) }
        return nil
    }

    private static func readExtensions(_ r: DERReader, _ list: [DERNode], into d: inout CertificateDetails) -> Bool {
        var oids: [Range<Int>] = []
        oids.reserveCapacity(list.count)
        for ext in list {
            var parts = r.childCursor(of: ext)
            guard ext.tag == 0x30, let type = parts.next(), type.tag == 0x06, var value = parts.next() else { return false }
            while let more = parts.next() { value = more }   // [critical BOOLEAN,] OCTET STRING last
            guard parts.finished, value.tag == 0x04 else { return false }
            let oid = type.content
            // Duplicates: OpenSSL's rules apply. A certificate has a handful of extensions; a
            // hostile one with thousands is checked through a set, not pair by pair.
            if list.count <= 32 { guard !oids.contains(where: { r.same($0, oid) }) else { return false } }
            oids.append(oid)
            guard let inner = r.node(at: value.content.lowerBound, limit: value.end) else { return false }
            // Every extension meshcert reads is id-ce (2.5.29.x): 55 1D x.
            let id: UInt8 = oid.count == 3 && r.bytes[oid.lowerBound] == 0x55 && r.bytes[oid.lowerBound + 1] == 0x1D
                ? r.bytes[oid.lowerBound + 2] : 0
            switch id {
            case OID.basicConstraints:
                guard inner.tag == 0x30, let items = r.children(of: inner) else { return false }
                for item in items {
                    if item.tag == 0x01 { d.isCA = item.content.count == 1 && r.bytes[item.content.lowerBound] != 0 }
                    if item.tag == 0x02 {
                        let c = r.bytes[item.content]
                        guard c.count <= 4, let f = c.first, f < 0x80 else { return false }
                        d.pathLength = c.reduce(0) { $0 << 8 | Int($1) }
                    }
                }
            case OID.keyUsage:
                guard inner.tag == 0x03, inner.content.count >= 2 else { return false }
                let first = r.bytes[inner.content.lowerBound + 1]
                for (i, n) in keyUsageNames.enumerated() where first & (0x80 >> UInt8(i)) != 0 { d.keyUsage.append(n) }
                if inner.content.count > 2 && r.bytes[inner.content.lowerBound + 2] & 0x80 != 0 { d.keyUsage.append("decipherOnly") }
            case OID.extKeyUsage:
                guard inner.tag == 0x30, let items = r.children(of: inner) else { return false }
                for item in items {
                    guard item.tag == 0x06, let name = Names.eku(r.slice(item.content)) else { return false }
                    d.extendedKeyUsage.append(name)
                }
            case OID.subjectAltName:
                guard inner.tag == 0x30, let items = r.children(of: inner) else { return false }
                for item in items {
                    // IA5String is ASCII; OpenSSL rejects the whole extension block otherwise.
                    if item.tag == 0x81 || item.tag == 0x82 || item.tag == 0x86,
                       r.bytes[item.content].contains(where: { $0 >= 0x80 }) { return false }
                    let text = String(decoding: r.bytes[item.content], as: UTF8.self)
                    switch item.tag {
                    case 0x82: d.dnsNames.append(text)
                    case 0x86: d.uris.append(text)
                    case 0x81: d.emails.append(text)
                    case 0x87:
                        guard let ip = ipText(r.slice(item.content)) else { return false }
                        d.ipAddresses.append(ip)
                    default: break
                    }
                }
            case OID.subjectKeyIdentifier:
                guard inner.tag == 0x04 else { return false }
                d.subjectKeyIdentifier = Hex.encode(r.bytes[inner.content])
            case OID.authorityKeyIdentifier:
                guard inner.tag == 0x30, let items = r.children(of: inner) else { return false }
                if let keyID = items.first(where: { $0.tag == 0x80 }) { d.authorityKeyIdentifier = Hex.encode(r.bytes[keyID.content]) }
            default:
                break
            }
        }
        if !d.isCA { d.pathLength = nil }
        if list.count > 32 {
            var seen = Set<[UInt8]>()
            for oid in oids { guard seen.insert(r.slice(oid)).inserted else { return false } }
        }
        return true
    }

    private static let keyUsageNames = ["digitalSignature", "contentCommitment", "keyEncipherment", "dataEncipherment",
                                        "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly"]

    private static func ipText(_ bytes: [UInt8]) -> String? {
        let family: Int32
        switch bytes.count {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return nil
        }
        var buffer = [CChar](repeating: 0, count: 64)
        guard inet_ntop(family, bytes, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// RFC 2253 text and CN of a Name, through OpenSSL's name decoder (cheap: no key decoding).
    /// Names of the common shape are read in Swift; anything else by OpenSSL's decoder, memoized
    /// by the name's DER (thousands of leaves may share one unusual issuer name).
    static func name(_ r: DERReader, _ n: DERNode) -> (String, String?)? {
        if let swift = DistinguishedNameText.read(r, n) { return swift }
        let der = UnsafeBufferPointer(rebasing: r.bytes[n.start..<n.end])
        return NameMemo.lookup(der) { DistinguishedNameText.openSSL(der) }.map { ($0.text, $0.commonName) }
    }
}

/// DER-encoded OID contents meshcert reads itself; for the id-ce extensions (2.5.29.x, `55 1D x`)
/// only the last byte.
enum OID {
    static let rsaEncryption: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]
    static let ecPublicKey: [UInt8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]
    static let prime256v1: [UInt8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]
    static let secp384r1: [UInt8] = [0x2B, 0x81, 0x04, 0x00, 0x22]
    static let secp521r1: [UInt8] = [0x2B, 0x81, 0x04, 0x00, 0x23]
    static let ed25519: [UInt8] = [0x2B, 0x65, 0x70]
    static let ed448: [UInt8] = [0x2B, 0x65, 0x71]
    static let basicConstraints: UInt8 = 0x13
    static let keyUsage: UInt8 = 0x0F
    static let extKeyUsage: UInt8 = 0x25
    static let subjectAltName: UInt8 = 0x11
    static let subjectKeyIdentifier: UInt8 = 0x0E
    static let authorityKeyIdentifier: UInt8 = 0x23
}

/// OpenSSL's own names for the OIDs the fast reader accepts, computed once from OpenSSL so the
/// two readers can never disagree.
enum Names {
    private struct Table: @unchecked Sendable { let map: [[UInt8]: String] }

    private static func table(_ dotted: [String], long: Bool) -> Table {
        var map: [[UInt8]: String] = [:]
        for text in dotted {
            guard let obj = OBJ_txt2obj(text, 1) else { continue }
            defer { ASN1_OBJECT_free(obj) }
            let nid = OBJ_obj2nid(obj)
            guard nid != NID_undef, let cName = long ? OBJ_nid2ln(nid) : OBJ_nid2sn(nid),
                  let data = OBJ_get0_data(obj) else { continue }
            map[Array(UnsafeBufferPointer(start: data, count: OBJ_length(obj)))] = String(cString: cName)
        }
        OpenSSLErrorQueue.clear()
        return Table(map: map)
    }

    private static let signatures = table([
        "1.2.840.113549.1.1.4", "1.2.840.113549.1.1.5", "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12",
        "1.2.840.113549.1.1.13", "1.2.840.113549.1.1.14", "1.2.840.10045.4.1", "1.2.840.10045.4.3.1",
        "1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4", "1.3.101.112", "1.3.101.113",
    ], long: true)

    private static let ekus = table([
        "1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.3", "1.3.6.1.5.5.7.3.4",
        "1.3.6.1.5.5.7.3.8", "1.3.6.1.5.5.7.3.9", "2.5.29.37.0",
    ], long: false)

    static func signature(_ oid: [UInt8]) -> String? { signatures.map[oid] }
    static func eku(_ oid: [UInt8]) -> String? { ekus.map[oid] }
}
