internal import COpenSSL

/// Key type names as meshcert reports them, shared by certificates and private keys.
enum PublicKeyDescription {
    static func describe(_ pkey: OpaquePointer) -> (type: String, bits: Int, curve: String?) {
        let bits = Int(EVP_PKEY_get_bits(pkey))
        switch EVP_PKEY_get_base_id(pkey) {
        case EVP_PKEY_RSA: return ("RSA", bits, nil)
        case EVP_PKEY_RSA_PSS: return ("RSA-PSS", bits, nil)
        case EVP_PKEY_DSA: return ("DSA", bits, nil)
        case EVP_PKEY_ED25519: return ("Ed25519", bits, nil)
        case EVP_PKEY_ED448: return ("Ed448", bits, nil)
        case EVP_PKEY_X25519: return ("X25519", bits, nil)
        case EVP_PKEY_X448: return ("X448", bits, nil)
        case EVP_PKEY_EC: return ("EC", bits, curveName(pkey))
        default:
            if let name = EVP_PKEY_get0_type_name(pkey) { return (String(cString: name), bits, nil) }
            return ("unknown", bits, nil)
        }
    }

    /// NIST name when there is one (P-256), else OpenSSL's short name (secp256k1, brainpoolP256r1).
    private static func curveName(_ pkey: OpaquePointer) -> String? {
        var buffer = [CChar](repeating: 0, count: 80)
        var length = 0
        guard EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, &buffer, buffer.count, &length) == 1 else {
            OpenSSLErrorQueue.clear()
            return nil
        }
        let name = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let nid = OBJ_sn2nid(name)
        if nid != NID_undef, let nist = EC_curve_nid2nist(nid) { return String(cString: nist) }
        return name
    }
}
