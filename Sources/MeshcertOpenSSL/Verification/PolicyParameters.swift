internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

extension VerificationPolicy {
    /// Sets the policy's flags, security level and depth on an OpenSSL verification parameter
    /// set (a store context's, or an `SSL_CTX`'s for handshakes).
    func apply(to param: OpaquePointer) {
        var flags = 0
        if profile == .strict { flags |= Int(X509_V_FLAG_X509_STRICT) }
        if allowsPartialChain { flags |= Int(X509_V_FLAG_PARTIAL_CHAIN) }
        if !crlFiles.isEmpty { flags |= Int(X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL) }
        if flags != 0 { _ = X509_VERIFY_PARAM_set_flags(param, UInt(flags)) }
        if profile == .strict {
            // Level 2 = 112 bits: RSA and DSA from 2048 bits, EC from 224 (no P-192), no SHA-1.
            X509_VERIFY_PARAM_set_auth_level(param, 2)
            // No partial wildcards (`f*.example.com`) and no common-name fallback (RFC 9525, CA/B Forum).
            X509_VERIFY_PARAM_set_hostflags(param, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS | X509_CHECK_FLAG_NEVER_CHECK_SUBJECT))
        }
        if let maxDepth { X509_VERIFY_PARAM_set_depth(param, Int32(clamping: maxDepth)) }
    }

    /// Adds the policy's CRLs to a certificate store (an `SSL_CTX`'s).
    func addRevocationLists(to store: OpaquePointer) throws(VerificationSetupError) {
        for file in crlFiles {
            for crl in try CertificateRevocationList.load(path: file) { _ = X509_STORE_add_crl(store, crl.pointer) }
        }
    }
}

enum PolicyParameters {
    /// The name the peer certificate must be valid for; false when OpenSSL refuses it.
    static func setName(_ name: PeerName, on param: OpaquePointer) -> Bool {
        switch name {
        case .dns(let host): return X509_VERIFY_PARAM_set1_host(param, host, 0) == 1
        case .ip(let ip): return X509_VERIFY_PARAM_set1_ip_asc(param, ip) == 1
        }
    }
}

/// RFC 5280 4.1.2.5: a certificate is valid through its notAfter second, inclusive. OpenSSL 3.0
/// calls it expired at that very second (`X509_cmp_time` treats "equal" as "earlier"); this
/// verify callback accepts exactly that case, so chain verdicts agree with the inventory status.
enum InclusiveNotAfter {
    static func check(_ ok: Int32, _ ctx: OpaquePointer?) -> Int32 {
        guard ok == 0, let ctx, X509_STORE_CTX_get_error(ctx) == X509_V_ERR_CERT_HAS_EXPIRED,
              let cert = X509_STORE_CTX_get_current_cert(ctx), let param = X509_STORE_CTX_get0_param(ctx) else {
            return ok
        }
        let usesCheckTime = X509_VERIFY_PARAM_get_flags(param) & UInt(X509_V_FLAG_USE_CHECK_TIME) != 0
        let now = usesCheckTime ? X509_VERIFY_PARAM_get_time(param) : time(nil)
        guard ASN1_TIME_cmp_time_t(X509_get0_notAfter(cert), now) == 0 else { return ok }
        X509_STORE_CTX_set_error(ctx, X509_V_OK)
        return 1
    }
}

/// Installs `InclusiveNotAfter` on a store (a closure that captures nothing is a C function).
func setInclusiveNotAfter(on store: OpaquePointer) {
    X509_STORE_set_verify_cb(store) { ok, ctx in InclusiveNotAfter.check(ok, ctx) }
}
