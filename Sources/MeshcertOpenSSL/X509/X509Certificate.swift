internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif
import MeshcertSupport

/// Owns one OpenSSL `X509`. Immutable after init, so sharing it between threads is safe:
/// OpenSSL's X509 read accessors are thread-safe once the object is fully decoded.
public final class X509Certificate: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Decodes one DER certificate. Fails (with OpenSSL's reason) on anything else.
    public init(der: UnsafeRawBufferPointer) throws(OpenSSLError) {
        guard let base = der.baseAddress, der.count > 0 else {
            throw OpenSSLError(operation: "d2i_X509", messages: ["empty input"], codes: [])
        }
        var cursor: UnsafePointer<UInt8>? = base.assumingMemoryBound(to: UInt8.self)
        guard let x509 = d2i_X509(nil, &cursor, der.count) else { throw OpenSSLError.drain("d2i_X509") }
        pointer = x509
    }

    public convenience init(der: [UInt8]) throws(OpenSSLError) {
        let decoded = der.withUnsafeBytes { raw in
            Result { () throws(OpenSSLError) in try X509Certificate(der: raw) }
        }
        self.init(retaining: try decoded.get().pointer)
    }

    /// Takes a reference of an existing object (up-ref'd), e.g. from a PKCS#7 or PKCS#12 stack.
    init(retaining x509: OpaquePointer) {
        X509_up_ref(x509)
        pointer = x509
    }

    deinit { X509_free(pointer) }

    /// The certificate re-encoded as DER.
    public var der: [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_X509(pointer, &out)
        guard length > 0, let out else { return [] }
        defer { mc_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }

    public var subjectName: String { Self.rfc2253(X509_get_subject_name(pointer)) }
    public var issuerName: String { Self.rfc2253(X509_get_issuer_name(pointer)) }
    public var notBefore: EpochSeconds { Self.epoch(X509_get0_notBefore(pointer)) }
    public var notAfter: EpochSeconds { Self.epoch(X509_get0_notAfter(pointer)) }
    public var sha256: String { Digest.sha256Hex(der) }
    /// Lowercase hex, no separators (as `CertificateDetails.serial`).
    public var serial: String { Self.serialHex(X509_get0_serialNumber(pointer)) }

    /// Reads every inventory field.
    public func details() -> CertificateDetails {
        let x = pointer
        let subjectName = X509_get_subject_name(x)
        let issuerName = X509_get_issuer_name(x)
        let key = publicKeyInfo()
        let flags = X509_get_extension_flags(x)
        let isCA = (flags & UInt32(EXFLAG_CA)) != 0
        let pathLen = X509_get_pathlen(x)
        var details = CertificateDetails(
            subject: Self.rfc2253(subjectName),
            subjectCommonName: Self.commonName(subjectName),
            issuer: Self.rfc2253(issuerName),
            issuerCommonName: Self.commonName(issuerName),
            serial: Self.serialHex(X509_get0_serialNumber(x)),
            notBefore: Self.epoch(X509_get0_notBefore(x)),
            notAfter: Self.epoch(X509_get0_notAfter(x)),
            keyType: key.type, keyBits: key.bits, curve: key.curve,
            signatureAlgorithm: Self.objectName(nid: X509_get_signature_nid(x)),
            isCA: isCA,
            pathLength: isCA && pathLen >= 0 ? Int(pathLen) : nil,
            selfSigned: X509_self_signed(x, 0) == 1,
            dnsNames: [], ipAddresses: [], uris: [], emails: [],
            keyUsage: Self.keyUsageNames(X509_get_key_usage(x), present: (flags & UInt32(EXFLAG_KUSAGE)) != 0),
            extendedKeyUsage: extendedKeyUsage(),
            subjectKeyIdentifier: Self.hex(X509_get0_subject_key_id(x)),
            authorityKeyIdentifier: Self.hex(X509_get0_authority_key_id(x)),
            publicKeySHA256: publicKeySHA256
        )
        readSubjectAltNames(into: &details)
        OpenSSLErrorQueue.clear()  // absent extensions may leave harmless entries behind
        return details
    }

    /// False when OpenSSL rejected the certificate's extension block (a malformed extension):
    /// it then reports no extension data at all.
    public var extensionsAreValid: Bool {
        let valid = (X509_get_extension_flags(pointer) & UInt32(EXFLAG_INVALID)) == 0
        OpenSSLErrorQueue.clear()
        return valid
    }

    /// SHA-256 of the DER SubjectPublicKeyInfo.
    public var publicKeySHA256: String {
        guard let pub = X509_get_X509_PUBKEY(pointer) else { return "" }
        var out: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_X509_PUBKEY(pub, &out)
        guard length > 0, let out else { return "" }
        defer { mc_OPENSSL_free(out) }
        return Digest.sha256Hex(UnsafeRawBufferPointer(start: out, count: Int(length)))
    }

    /// Authority Information Access URIs: OCSP responders, and where the issuer certificate is.
    public var ocspURIs: [String] { uris { mc_X509_access_uris(pointer, NID_ad_OCSP, $0, $1) } }
    public var caIssuersURIs: [String] { uris { mc_X509_access_uris(pointer, NID_ad_ca_issuers, $0, $1) } }
    /// CRL distribution points (full-name URIs).
    public var crlURIs: [String] { uris { mc_X509_crl_uris(pointer, $0, $1) } }

    private func uris(_ read: (UnsafeMutablePointer<CChar>, Int32) -> Int32) -> [String] {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = Int(read(&buffer, Int32(buffer.count)))
        OpenSSLErrorQueue.clear()  // an absent extension is not an error
        guard n > 0 else { return [] }
        let text = String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.split(separator: "\n").map(String.init)
    }

    /// True when `issuer`'s public key verifies this certificate's signature.
    public func isSigned(by issuer: X509Certificate) -> Bool {
        guard let key = X509_get0_pubkey(issuer.pointer) else { OpenSSLErrorQueue.clear(); return false }
        let ok = X509_verify(pointer, key) == 1
        if !ok { OpenSSLErrorQueue.clear() }
        return ok
    }

    /// True when this certificate's issuer name matches `candidate`'s subject (canonical compare).
    public func issuerNameMatches(subjectOf candidate: X509Certificate) -> Bool {
        X509_NAME_cmp(X509_get_issuer_name(pointer), X509_get_subject_name(candidate.pointer)) == 0
    }

    // MARK: field readers

    private func publicKeyInfo() -> (type: String, bits: Int, curve: String?) {
        guard let pkey = X509_get0_pubkey(pointer) else {
            OpenSSLErrorQueue.clear()
            return ("unknown", 0, nil)
        }
        return PublicKeyDescription.describe(pkey)
    }

    private func extendedKeyUsage() -> [String] {
        guard let raw = X509_get_ext_d2i(pointer, NID_ext_key_usage, nil, nil) else { return [] }
        let stack = OpaquePointer(raw)
        defer { mc_EXTENDED_KEY_USAGE_free(stack) }
        var names: [String] = []
        for i in 0..<mc_sk_ASN1_OBJECT_num(stack) {
            guard let object = mc_sk_ASN1_OBJECT_value(stack, i) else { continue }
            names.append(Self.objectName(object))
        }
        return names
    }

    private func readSubjectAltNames(into details: inout CertificateDetails) {
        guard let raw = X509_get_ext_d2i(pointer, NID_subject_alt_name, nil, nil) else { return }
        let names = OpaquePointer(raw)
        defer { mc_GENERAL_NAMES_free(names) }
        for i in 0..<mc_sk_GENERAL_NAME_num(names) {
            guard let name = mc_sk_GENERAL_NAME_value(names, i) else { continue }
            switch name.pointee.type {
            case GEN_DNS: details.dnsNames.append(Self.string(name.pointee.d.dNSName))
            case GEN_URI: details.uris.append(Self.string(name.pointee.d.uniformResourceIdentifier))
            case GEN_EMAIL: details.emails.append(Self.string(name.pointee.d.rfc822Name))
            case GEN_IPADD:
                if let ip = name.pointee.d.iPAddress { details.ipAddresses.append(Self.ipText(ip)) }
            default: break
            }
        }
    }

    // MARK: conversions

    static func rfc2253(_ name: OpaquePointer?) -> String {
        guard let name, let bio = try? MemoryBIO() else { return "" }
        _ = X509_NAME_print_ex(bio.pointer, name, 0, mc_XN_FLAG_RFC2253())
        return bio.text
    }

    static func commonName(_ name: OpaquePointer?) -> String? {
        guard let name else { return nil }
        let index = X509_NAME_get_index_by_NID(name, NID_commonName, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(name, index),
              let data = X509_NAME_ENTRY_get_data(entry) else { return nil }
        var utf8: UnsafeMutablePointer<UInt8>? = nil
        let length = ASN1_STRING_to_UTF8(&utf8, data)
        guard length >= 0, let utf8 else { OpenSSLErrorQueue.clear(); return nil }
        defer { mc_OPENSSL_free(utf8) }
        return String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
    }

    static func serialHex(_ serial: UnsafePointer<ASN1_INTEGER>?) -> String {
        guard let serial, let bn = ASN1_INTEGER_to_BN(serial, nil) else { return "" }
        defer { BN_free(bn) }
        guard let hex = BN_bn2hex(bn) else { return "" }
        defer { mc_OPENSSL_free(hex) }
        return String(cString: hex).lowercased()
    }

    static func epoch(_ time: UnsafePointer<ASN1_TIME>?) -> EpochSeconds {
        guard let time else { return 0 }
        var tm = tm()
        guard ASN1_TIME_to_tm(time, &tm) == 1 else { OpenSSLErrorQueue.clear(); return 0 }
        return Timestamp.epoch(year: Int(tm.tm_year) + 1900, month: Int(tm.tm_mon) + 1, day: Int(tm.tm_mday),
                               hour: Int(tm.tm_hour), minute: Int(tm.tm_min), second: Int(tm.tm_sec))
    }

    static func hex(_ octets: UnsafePointer<ASN1_OCTET_STRING>?) -> String? {
        guard let octets, let data = ASN1_STRING_get0_data(octets) else { return nil }
        return Hex.encode(UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(octets))))
    }

    static func string(_ s: UnsafeMutablePointer<ASN1_IA5STRING>?) -> String {
        guard let s, let data = ASN1_STRING_get0_data(s) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(s))), as: UTF8.self)
    }

    static func ipText(_ octets: UnsafeMutablePointer<ASN1_OCTET_STRING>) -> String {
        guard let data = ASN1_STRING_get0_data(octets) else { return "" }
        let length = Int(ASN1_STRING_length(octets))
        var buffer = [CChar](repeating: 0, count: 64)
        let family: Int32
        switch length {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return Hex.encode(UnsafeBufferPointer(start: data, count: length))  // name constraint masks etc.
        }
        // glibc's inet_ntop prints RFC 5952 text (`::1`, lowercase, longest zero run compressed).
        guard inet_ntop(family, data, &buffer, socklen_t(buffer.count)) != nil else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func objectName(nid: Int32) -> String {
        if let ln = OBJ_nid2ln(nid) { return String(cString: ln) }
        return "nid:\(nid)"
    }

    /// Short names for known OIDs (`serverAuth`), dotted numbers for the rest.
    static func objectName(_ object: OpaquePointer) -> String {
        let nid = OBJ_obj2nid(object)
        if nid != NID_undef, let sn = OBJ_nid2sn(nid) { return String(cString: sn) }
        var buffer = [CChar](repeating: 0, count: 128)
        let n = OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
        return n > 0 ? String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self) : "unknown"
    }

    static func keyUsageNames(_ bits: UInt32, present: Bool) -> [String] {
        guard present else { return [] }
        let table: [(UInt32, String)] = [
            (UInt32(KU_DIGITAL_SIGNATURE), "digitalSignature"), (UInt32(KU_NON_REPUDIATION), "contentCommitment"),
            (UInt32(KU_KEY_ENCIPHERMENT), "keyEncipherment"), (UInt32(KU_DATA_ENCIPHERMENT), "dataEncipherment"),
            (UInt32(KU_KEY_AGREEMENT), "keyAgreement"), (UInt32(KU_KEY_CERT_SIGN), "keyCertSign"),
            (UInt32(KU_CRL_SIGN), "cRLSign"), (UInt32(KU_ENCIPHER_ONLY), "encipherOnly"),
            (UInt32(KU_DECIPHER_ONLY), "decipherOnly"),
        ]
        return table.filter { bits & $0.0 != 0 }.map(\.1)
    }
}
