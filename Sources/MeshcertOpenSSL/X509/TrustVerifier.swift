internal import COpenSSL
import MeshcertSupport

/// Verifies certificates to a set of trust anchors with OpenSSL's own path building, at a given
/// time. Owns its `X509_STORE` and the stack of untrusted intermediates; immutable after init,
/// and `X509_verify_cert` only reads the store, so one verifier serves every thread.
public final class TrustVerifier: @unchecked Sendable {
    private let store: OpaquePointer
    private let untrusted: OpaquePointer
    private let anchors: [X509Certificate]
    private let intermediates: [X509Certificate]
    private let time: EpochSeconds

    public init(anchors: [X509Certificate], intermediates: [X509Certificate], at time: EpochSeconds) throws(OpenSSLError) {
        guard let store = X509_STORE_new() else { throw OpenSSLError.drain("X509_STORE_new") }
        guard let stack = mc_sk_X509_new_null() else {
            X509_STORE_free(store)
            throw OpenSSLError.drain("sk_X509_new_null")
        }
        self.store = store
        self.untrusted = stack
        self.anchors = anchors
        self.intermediates = intermediates
        self.time = time
        for anchor in anchors { _ = X509_STORE_add_cert(store, anchor.pointer) }
        // The stack borrows the certificates: `intermediates` keeps them alive as long as we live.
        for cert in intermediates { _ = mc_sk_X509_push(stack, cert.pointer) }
        OpenSSLErrorQueue.clear()  // duplicate anchors are harmless
    }

    deinit {
        mc_sk_X509_free(untrusted)  // not pop_free: the stack never owned its entries
        X509_STORE_free(store)
    }

    /// Nil when the certificate verifies, else OpenSSL's reason ("certificate has expired").
    public func verify(_ certificate: X509Certificate) -> String? {
        guard let ctx = X509_STORE_CTX_new() else {
            return OpenSSLError.drain("X509_STORE_CTX_new").description
        }
        defer { X509_STORE_CTX_free(ctx) }
        guard X509_STORE_CTX_init(ctx, store, certificate.pointer, untrusted) == 1 else {
            return OpenSSLError.drain("X509_STORE_CTX_init").description
        }
        X509_STORE_CTX_set_time(ctx, 0, time_t(time))
        if X509_verify_cert(ctx) == 1 { return nil }
        let code = X509_STORE_CTX_get_error(ctx)
        OpenSSLErrorQueue.clear()
        return String(cString: X509_verify_cert_error_string(Int(code)))
    }
}
