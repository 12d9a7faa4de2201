internal import COpenSSL

/// What meshcert may say about a private key: its type and the fingerprint of its public half.
/// Never the key material itself.
public struct PrivateKeyInfo: Sendable, Equatable {
    public var keyType: String?        // nil when encrypted (the type is inside the ciphertext)
    public var keyBits: Int?
    public var curve: String?
    public var encrypted: Bool
    /// SHA-256 of the DER SubjectPublicKeyInfo of the key's public half; nil when encrypted.
    public var publicKeySHA256: String?

    public static let encryptedKey = PrivateKeyInfo(keyType: nil, keyBits: nil, curve: nil, encrypted: true, publicKeySHA256: nil)
}

/// Owns one `EVP_PKEY` while meshcert describes it; the key never leaves this file.
final class PrivateKeyHandle {
    let pointer: OpaquePointer
    init(taking pointer: OpaquePointer) { self.pointer = pointer }
    deinit { EVP_PKEY_free(pointer) }

    func info() -> PrivateKeyInfo {
        let description = PublicKeyDescription.describe(pointer)
        var out: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_PUBKEY(pointer, &out)
        var spki: String? = nil
        if length > 0, let out {
            spki = Digest.sha256Hex(UnsafeRawBufferPointer(start: out, count: Int(length)))
            mc_OPENSSL_free(out)
        } else {
            OpenSSLErrorQueue.clear()
        }
        return PrivateKeyInfo(keyType: description.type, keyBits: description.bits, curve: description.curve,
                              encrypted: false, publicKeySHA256: spki)
    }
}

public enum PrivateKeyReader {
    /// Reads an unencrypted private key from DER: PKCS#8 PrivateKeyInfo or a traditional
    /// (PKCS#1 RSA, SEC1 EC, DSA) structure.
    public static func read(der: UnsafeRawBufferPointer) throws(OpenSSLError) -> PrivateKeyInfo {
        guard let base = der.baseAddress, der.count > 0 else {
            throw OpenSSLError(operation: "d2i_AutoPrivateKey", messages: ["empty input"], codes: [])
        }
        var cursor: UnsafePointer<UInt8>? = base.assumingMemoryBound(to: UInt8.self)
        guard let pkey = d2i_AutoPrivateKey(nil, &cursor, der.count) else {
            throw OpenSSLError.drain("d2i_AutoPrivateKey")
        }
        return PrivateKeyHandle(taking: pkey).info()
    }

    /// Reads an unencrypted private key from one PEM block (armor included). Encrypted blocks
    /// must be recognised by the caller first: no password is ever supplied here.
    public static func read(pem: UnsafeRawBufferPointer) throws(OpenSSLError) -> PrivateKeyInfo {
        let bio = try MemoryBIO(bytes: pem)
        // An empty passphrase through `u` (with no callback) keeps OpenSSL from ever prompting.
        let key: OpaquePointer? = "".withCString { empty in
            PEM_read_bio_PrivateKey(bio.pointer, nil, nil, UnsafeMutableRawPointer(mutating: empty))
        }
        guard let key else { throw OpenSSLError.drain("PEM_read_bio_PrivateKey") }
        return PrivateKeyHandle(taking: key).info()
    }
}
