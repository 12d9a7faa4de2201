internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// Reads the few fields a handshake report needs from certificates the peer sent. The `X509`
/// pointers are borrowed from the `SSL` that owns them: nothing here frees or keeps them.
/// (Small on purpose: the X509 model in MeshcertOpenSSL/X509 is the full reader.)
enum PeerCertificateReader {
    static func summary(_ cert: OpaquePointer) -> TLSPeerCertificate {
        TLSPeerCertificate(subject: name(X509_get_subject_name(cert)),
                           issuer: name(X509_get_issuer_name(cert)),
                           notAfter: time(X509_get0_notAfter(cert)),
                           sha256: sha256(cert))
    }

    static func key(of cert: OpaquePointer) -> TLSPeerKey? {
        guard let pkey = X509_get0_pubkey(cert) else { ERR_clear_error(); return nil }
        let bits = Int(EVP_PKEY_get_bits(pkey))
        switch EVP_PKEY_get_base_id(pkey) {
        case EVP_PKEY_EC:
            var buffer = [CChar](repeating: 0, count: 80)
            var length = 0
            let ok = EVP_PKEY_get_utf8_string_param(pkey, "group", &buffer, buffer.count, &length) == 1
            ERR_clear_error()
            return TLSPeerKey(algorithm: "EC", bits: bits, curve: ok ? String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil)
        case EVP_PKEY_RSA:
            return TLSPeerKey(algorithm: "RSA", bits: bits, curve: nil)
        default:
            let type = EVP_PKEY_get0_type_name(pkey).map { String(cString: $0) } ?? "unknown"
            return TLSPeerKey(algorithm: type, bits: bits, curve: nil)
        }
    }

    private static func name(_ name: OpaquePointer?) -> String {
        guard let name, let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        guard X509_NAME_print_ex(bio, name, 0, mc_XN_FLAG_RFC2253()) >= 0 else { ERR_clear_error(); return "" }
        var data: UnsafeMutablePointer<CChar>?
        let length = mc_BIO_get_mem_data(bio, &data)
        guard let data, length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    }

    private static func time(_ t: UnsafePointer<ASN1_TIME>?) -> Int64? {
        guard let t else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(t, &parts) == 1 else { ERR_clear_error(); return nil }
        return Int64(timegm(&parts))
    }

    private static func sha256(_ cert: OpaquePointer) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        guard X509_digest(cert, EVP_sha256(), &digest, &length) == 1 else { ERR_clear_error(); return "" }
        let hex = Array("0123456789abcdef")
        var out = ""
        for byte in digest.prefix(Int(length)) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0f)])
        }
        return out
    }
}
