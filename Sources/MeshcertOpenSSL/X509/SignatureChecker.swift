internal import COpenSSL

/// Checks signatures made by one issuer's key, many times: the TBS bytes are hashed with a
/// pre-fetched digest and the signature checked by an `EVP_PKEY_CTX` prepared once per digest.
/// `EVP_DigestVerifyInit` per certificate set up a new key context each time (provider fetch,
/// key export checks), which cost as much as the RSA arithmetic on an all-distinct inventory.
///
/// Not thread-safe (a prepared `EVP_PKEY_CTX` holds per-call state): one checker per thread.
/// Owns its contexts and the message-digest context; borrows the key through `issuer`, which it
/// keeps alive.
public final class SignatureChecker {
    public let issuer: X509Certificate
    private let key: OpaquePointer?
    private let family: KeyFamily
    private var contexts: [UnsafeRawPointer: OpaquePointer] = [:]   // by EVP_MD
    private let digestContext: OpaquePointer?

    /// The key types whose signatures are a digest plus one `EVP_PKEY_verify`. RSA-PSS keys and
    /// PSS signatures (parameters in the algorithm), Ed25519 and Ed448 (no pre-hash) take the
    /// general path.
    private enum KeyFamily { case rsa, ec, other }

    public init(issuer: X509Certificate) {
        self.issuer = issuer
        key = X509_get0_pubkey(issuer.pointer)
        if let key, EVP_PKEY_is_a(key, "RSA") == 1 {
            family = .rsa
        } else if let key, EVP_PKEY_is_a(key, "EC") == 1 {
            family = .ec
        } else {
            family = .other
        }
        digestContext = family == .other ? nil : EVP_MD_CTX_new()
        OpenSSLErrorQueue.clear()
    }

    deinit {
        for ctx in contexts.values { EVP_PKEY_CTX_free(ctx) }
        if let digestContext { EVP_MD_CTX_free(digestContext) }
    }

    /// Whether the issuer's key verifies the signature of the certificate in `der` (its parts
    /// located by `SignedParts`). Nil when the signature algorithm is not one handled here: use
    /// `X509Certificate.isSigned(by:)` instead. Same answers as `X509Certificate.verifies`.
    public func verifies(_ parts: SignedParts, in der: [UInt8]) -> Bool? {
        guard let md = SignatureDigests.digest(for: parts.signatureAlgorithmOID) else { return nil }
        guard let mdPointer = md.pointer, let key, let digestContext, matches(parts.signatureAlgorithmOID) else {
            return issuer.verifies(parts, in: der)
        }
        guard let ctx = context(for: mdPointer, key: key) else { return issuer.verifies(parts, in: der) }
        var digest = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        let ok = der.withUnsafeBufferPointer { b -> Bool in
            withUnsafeMutableBytes(of: &digest) { out -> Bool in
                let digestBytes = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
                var length: UInt32 = 0
                guard EVP_DigestInit_ex(digestContext, mdPointer, nil) == 1,
                      EVP_DigestUpdate(digestContext, b.baseAddress! + parts.tbs.lowerBound, parts.tbs.count) == 1,
                      EVP_DigestFinal_ex(digestContext, digestBytes, &length) == 1 else { return false }
                return EVP_PKEY_verify(ctx, b.baseAddress! + parts.signature.lowerBound, parts.signature.count,
                                       digestBytes, Int(length)) == 1
            }
        }
        if !ok { OpenSSLErrorQueue.clear() }   // a mismatch is an answer, not an error
        return ok
    }

    /// The signature algorithm is of this key's family (a mismatch goes to the general path,
    /// which answers nil: X509_verify then refuses it).
    private func matches(_ oid: [UInt8]) -> Bool {
        switch family {
        case .rsa: return oid.starts(with: SignatureDigests.rsaPrefix)
        case .ec: return oid.starts(with: SignatureDigests.ecdsaPrefix)
        case .other: return false
        }
    }

    private func context(for md: OpaquePointer, key: OpaquePointer) -> OpaquePointer? {
        let id = UnsafeRawPointer(md)
        if let ctx = contexts[id] { return ctx }
        guard let ctx = EVP_PKEY_CTX_new_from_pkey(nil, key, nil) else { OpenSSLErrorQueue.clear(); return nil }
        // The RSA default padding is PKCS#1 v1.5, what these signature OIDs mean.
        guard EVP_PKEY_verify_init(ctx) == 1, EVP_PKEY_CTX_set_signature_md(ctx, md) == 1 else {
            EVP_PKEY_CTX_free(ctx)
            OpenSSLErrorQueue.clear()
            return nil
        }
        contexts[id] = ctx
        return ctx
    }
}
