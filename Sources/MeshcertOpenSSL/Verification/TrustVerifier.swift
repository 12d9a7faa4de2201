internal import COpenSSL
import MeshcertSupport

/// Verifies certificates to a set of trust anchors with OpenSSL's own path building, under a
/// `VerificationPolicy`, at a given time. Owns its `X509_STORE` (anchors and CRLs) and the stack
/// of untrusted intermediates; immutable after init, and `X509_verify_cert` only reads the store,
/// so one verifier serves every thread.
public final class TrustVerifier: @unchecked Sendable {
    private let store: OpaquePointer
    private let untrusted: OpaquePointer
    private let intermediates: [X509Certificate]
    private let anchorHashes: Set<String>
    private let time: EpochSeconds
    public let policy: VerificationPolicy

    /// `intermediates` are offered to OpenSSL whatever their CA bit, so that OpenSSL, not a
    /// pre-filter, names what is wrong with one. Fails naming an unreadable CRL file.
    public init(anchors: [X509Certificate], intermediates: [X509Certificate], policy: VerificationPolicy = .compatible,
                at time: EpochSeconds) throws(VerificationSetupError) {
        var crls: [CertificateRevocationList] = []
        for file in policy.crlFiles { crls += try CertificateRevocationList.load(path: file) }
        guard let store = X509_STORE_new() else {
            throw VerificationSetupError(file: "", message: OpenSSLError.drain("X509_STORE_new").description)
        }
        guard let stack = mc_sk_X509_new_null() else {
            X509_STORE_free(store)
            throw VerificationSetupError(file: "", message: OpenSSLError.drain("sk_X509_new_null").description)
        }
        self.store = store
        self.untrusted = stack
        self.intermediates = intermediates
        self.anchorHashes = Set(anchors.map(\.sha256))
        self.time = time
        self.policy = policy
        for anchor in anchors { _ = X509_STORE_add_cert(store, anchor.pointer) }  // the store up-refs each
        for crl in crls { _ = X509_STORE_add_crl(store, crl.pointer) }  // the store up-refs each CRL
        // The stack borrows the certificates: `intermediates` keeps them alive as long as we live.
        for cert in intermediates { _ = mc_sk_X509_push(stack, cert.pointer) }
        setInclusiveNotAfter(on: store)
        OpenSSLErrorQueue.clear()  // duplicate anchors are harmless
    }

    deinit {
        mc_sk_X509_free(untrusted)  // not pop_free: the stack never owned its entries
        X509_STORE_free(store)
    }

    /// Nil when the certificate verifies, else OpenSSL's reason ("certificate has expired").
    public func verify(_ certificate: X509Certificate) -> String? {
        let verdict = self.verdict(for: certificate)
        return verdict.verified ? nil : verdict.reason
    }

    /// The full verdict for `certificate`, for `purpose` and `name` when they are known.
    public func verdict(for certificate: X509Certificate, purpose: VerificationPurpose? = nil,
                        name: PeerName? = nil) -> ChainVerdict {
        StoreVerification(store: store, untrusted: untrusted, policy: policy, time: time, anchorHashes: anchorHashes,
                          installCallback: false)
            .verdict(for: certificate.pointer, purpose: purpose, name: name)
    }
}

/// One `X509_verify_cert` run against a borrowed store (a `TrustVerifier`'s, or an `SSL_CTX`'s
/// for re-judging a handshake's chain), under a policy. The store context is freed on every path.
struct StoreVerification {
    var store: OpaquePointer
    var untrusted: OpaquePointer?
    var policy: VerificationPolicy
    /// Nil: now.
    var time: EpochSeconds?
    var anchorHashes: Set<String>
    /// Whether the store lacks `InclusiveNotAfter` (an `SSL_CTX`'s store: SSL sets it per handshake).
    var installCallback: Bool

    func verdict(for peer: OpaquePointer, purpose: VerificationPurpose?, name: PeerName?) -> ChainVerdict {
        guard let ctx = X509_STORE_CTX_new() else {
            return .setupFailure(OpenSSLError.drain("X509_STORE_CTX_new"))
        }
        defer { X509_STORE_CTX_free(ctx) }
        guard X509_STORE_CTX_init(ctx, store, peer, untrusted) == 1 else {
            return .setupFailure(OpenSSLError.drain("X509_STORE_CTX_init"))
        }
        guard let param = X509_STORE_CTX_get0_param(ctx) else {
            return .setupFailure(OpenSSLError.drain("X509_STORE_CTX_get0_param"))
        }
        if installCallback { X509_STORE_CTX_set_verify_cb(ctx) { ok, ctx in InclusiveNotAfter.check(ok, ctx) } }
        policy.apply(to: param)
        if let time { X509_VERIFY_PARAM_set_time(param, time_t(time)) }
        if let purpose { _ = X509_STORE_CTX_set_purpose(ctx, purpose.openSSLPurpose) }
        if let name, !PolicyParameters.setName(name, on: param) {
            return .setupFailure(OpenSSLError.drain("X509_VERIFY_PARAM_set1_host"))
        }
        let ok = X509_verify_cert(ctx) == 1
        let code = ok ? X509_V_OK : X509_STORE_CTX_get_error(ctx)
        let depth = ok ? nil : Int(X509_STORE_CTX_get_error_depth(ctx))
        let chain = BuiltPath.certificates(ctx) ?? [X509Certificate(retaining: peer)]
        OpenSSLErrorQueue.clear()
        var verdict = ChainVerdict(verified: ok, code: VerifyErrorName.name(of: code),
                                   reason: ok ? nil : String(cString: X509_verify_cert_error_string(Int(code))),
                                   depth: depth, path: BuiltPath.entries(chain, verified: ok, anchorHashes: anchorHashes),
                                   pedantic: [])
        if policy.pedantic {
            var anchors = anchorHashes
            if ok, let last = chain.last, chain.count > 1 { anchors.insert(last.sha256) }
            verdict.pedantic = PedanticCheck.run(on: chain, purpose: purpose, anchors: anchors)
            if verdict.verified, let first = verdict.pedantic.first {
                verdict.verified = false
                verdict.reason = "pedantic: " + first.detail
                verdict.depth = first.depth
            }
        }
        return verdict
    }
}

extension ChainVerdict {
    static func setupFailure(_ error: OpenSSLError) -> ChainVerdict {
        ChainVerdict(verified: false, code: "X509_V_ERR_UNSPECIFIED", reason: error.description, depth: nil,
                     path: [], pedantic: [])
    }
}

extension VerificationPurpose {
    var openSSLPurpose: Int32 { self == .server ? X509_PURPOSE_SSL_SERVER : X509_PURPOSE_SSL_CLIENT }
}
