internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// Owns one `X509` while it is being built and signed; only its PEM text leaves this class.
final class CertificateDraft {
    let pointer: OpaquePointer

    init() throws {
        guard let x = X509_new() else { throw OpenSSLError.drain("X509_new") }
        pointer = x
    }

    deinit { X509_free(pointer) }

    func fill(subject: (cn: String, ou: String), serial: Int, notBefore: Int64, notAfter: Int64,
              publicKey: OpaquePointer) throws {
        guard X509_set_version(pointer, 2) == 1,
              ASN1_INTEGER_set(X509_get_serialNumber(pointer), serial) == 1,
              ASN1_TIME_set(X509_getm_notBefore(pointer), time_t(notBefore)) != nil,
              ASN1_TIME_set(X509_getm_notAfter(pointer), time_t(notAfter)) != nil,
              X509_set_pubkey(pointer, publicKey) == 1 else {
            throw OpenSSLError.drain("X509_set_*")
        }
        guard let name = X509_NAME_new() else { throw OpenSSLError.drain("X509_NAME_new") }
        defer { X509_NAME_free(name) }
        for (field, value) in [("C", "US"), ("O", "Example Corp"), ("OU", subject.ou), ("CN", subject.cn)] {
            guard X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, value, -1, -1, 0) == 1 else {
                throw OpenSSLError.drain("X509_NAME_add_entry_by_txt")
            }
        }
        guard X509_set_subject_name(pointer, name) == 1 else { throw OpenSSLError.drain("X509_set_subject_name") }
    }

    /// Adds one v3 extension written in OpenSSL's config syntax ("critical,CA:TRUE").
    /// `issuer` is the signing certificate (self for a root), for authorityKeyIdentifier.
    func addExtension(_ nid: Int32, _ value: String, issuer: OpaquePointer) throws {
        var ctx = X509V3_CTX()
        mc_X509V3_set_ctx_nodb(&ctx)
        X509V3_set_ctx(&ctx, issuer, pointer, nil, nil, 0)
        guard let ext = X509V3_EXT_conf_nid(nil, &ctx, nid, value) else { throw OpenSSLError.drain("X509V3_EXT_conf_nid(\(value))") }
        defer { X509_EXTENSION_free(ext) }
        guard X509_add_ext(pointer, ext, -1) == 1 else { throw OpenSSLError.drain("X509_add_ext") }
    }

    func sign(issuerName: OpaquePointer, key: OpaquePointer) throws {
        guard X509_set_issuer_name(pointer, issuerName) == 1 else { throw OpenSSLError.drain("X509_set_issuer_name") }
        guard X509_sign(pointer, key, EVP_sha256()) > 0 else { throw OpenSSLError.drain("X509_sign") }
    }

    var pem: String {
        get throws {
            let bio = try MemoryBIO()
            guard PEM_write_bio_X509(bio.pointer, pointer) == 1 else { throw OpenSSLError.drain("PEM_write_bio_X509") }
            return bio.text
        }
    }
}
