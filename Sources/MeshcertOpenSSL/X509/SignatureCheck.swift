internal import COpenSSL

extension X509Certificate {
    /// Whether this certificate's public key verifies the signature of another certificate given
    /// as DER plus its `SignedParts` (so the signed certificate is never fully decoded).
    /// Nil when the signature algorithm is not one handled here: use `isSigned(by:)` instead.
    public func verifies(_ parts: SignedParts, in der: [UInt8]) -> Bool? {
        guard let md = SignatureDigests.digest(for: parts.signatureAlgorithmOID) else { return nil }
        guard let key = X509_get0_pubkey(pointer) else { OpenSSLErrorQueue.clear(); return false }
        // EVP_DigestVerify takes the algorithm from the key: an RSA key would verify an RSA
        // signature labelled ECDSA. X509_verify refuses a key of another type than the
        // signature OID names; leave such pairs to it.
        guard SignatureDigests.keyMatches(key, parts.signatureAlgorithmOID) else { OpenSSLErrorQueue.clear(); return nil }
        guard let ctx = EVP_MD_CTX_new() else { OpenSSLErrorQueue.clear(); return false }
        defer { EVP_MD_CTX_free(ctx) }
        let ok = der.withUnsafeBufferPointer { b -> Bool in
            guard EVP_DigestVerifyInit(ctx, nil, md.pointer, nil, key) == 1 else { return false }
            return EVP_DigestVerify(ctx, b.baseAddress! + parts.signature.lowerBound, parts.signature.count,
                                    b.baseAddress! + parts.tbs.lowerBound, parts.tbs.count) == 1
        }
        if !ok { OpenSSLErrorQueue.clear() }   // a mismatch is an answer, not an error
        return ok
    }
}

/// Message digests for the signature algorithms the fast path handles, fetched once
/// (a fetch per call takes OpenSSL 3's global lock). Ed25519/Ed448 sign without a digest.
enum SignatureDigests {
    struct Fetched: @unchecked Sendable { let pointer: OpaquePointer? }

    private static func fetch(_ name: String) -> Fetched { Fetched(pointer: EVP_MD_fetch(nil, name, nil)) }

    /// 1.2.840.113549.1.1 (PKCS #1) and 1.2.840.10045.4 (ECDSA signatures).
    static let rsaPrefix: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01]
    static let ecdsaPrefix: [UInt8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04]

    private static let table: [[UInt8]: Fetched] = {
        let sha1 = fetch("SHA1"), sha224 = fetch("SHA224"), sha256 = fetch("SHA256"), sha384 = fetch("SHA384"),
            sha512 = fetch("SHA512"), md5 = fetch("MD5")
        let rsa = rsaPrefix, ecdsa = ecdsaPrefix
        OpenSSLErrorQueue.clear()
        return [
            rsa + [0x04]: md5, rsa + [0x05]: sha1, rsa + [0x0B]: sha256, rsa + [0x0C]: sha384, rsa + [0x0D]: sha512,
            rsa + [0x0E]: sha224, ecdsa + [0x01]: sha1, ecdsa + [0x03, 0x01]: sha224, ecdsa + [0x03, 0x02]: sha256,
            ecdsa + [0x03, 0x03]: sha384, ecdsa + [0x03, 0x04]: sha512,
            OID.ed25519: Fetched(pointer: nil), OID.ed448: Fetched(pointer: nil),
        ]
    }()

    /// Whether `key` is of the type the signature OID names (RSA for PKCS #1, EC for ECDSA, the
    /// Edwards curve for Ed25519/Ed448), as X509_verify requires.
    static func keyMatches(_ key: OpaquePointer, _ oid: [UInt8]) -> Bool {
        let type = oid.starts(with: rsaPrefix) ? "RSA" : oid.starts(with: ecdsaPrefix) ? "EC"
            : oid == OID.ed25519 ? "ED25519" : oid == OID.ed448 ? "ED448" : nil
        guard let type else { return false }
        return EVP_PKEY_is_a(key, type) == 1
    }

    static func digest(for oid: [UInt8]) -> Fetched? {
        guard let md = table[oid] else { return nil }
        // A digest algorithm this OpenSSL could not fetch (MD5 under FIPS): not handled here.
        if md.pointer == nil && oid != OID.ed25519 && oid != OID.ed448 { return nil }
        return md
    }
}
