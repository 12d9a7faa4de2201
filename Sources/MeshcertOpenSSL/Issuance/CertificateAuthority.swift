internal import COpenSSL
import Foundation

/// A CA the lab signs with: the demo PKI's issuing CA loaded from PEM files, or a short-lived
/// CA generated in memory. Holds one certificate owner and one key owner.
///
/// Sendable invariant: both are set in init and only read afterwards; `X509_sign` with a shared
/// key is safe across threads in OpenSSL 3.
public final class CertificateAuthority: @unchecked Sendable {
    private let certificate: X509Certificate
    private let key: PrivateKeyHandle
    public let certificatePEM: String

    /// Loads a CA certificate and its unencrypted PEM key (e.g. Certs/pki/intermediate-ca.*).
    public init(certificateFile: String, keyFile: String) throws {
        guard let certBytes = FileManager.default.contents(atPath: certificateFile) else {
            throw TLSSetupError(message: "cannot read CA certificate '\(certificateFile)'", openSSL: nil)
        }
        guard let keyBytes = FileManager.default.contents(atPath: keyFile) else {
            throw TLSSetupError(message: "cannot read CA key '\(keyFile)'", openSSL: nil)
        }
        let certBIO = try certBytes.withUnsafeBytes { raw throws(OpenSSLError) in try MemoryBIO(bytes: raw) }
        guard let x = PEM_read_bio_X509(certBIO.pointer, nil, nil, nil) else {
            throw TLSSetupError(message: "'\(certificateFile)' holds no PEM certificate", openSSL: .drain("PEM_read_bio_X509"))
        }
        certificate = X509Certificate(retaining: x)
        X509_free(x)  // the X509Certificate above holds its own reference
        let keyBIO = try keyBytes.withUnsafeBytes { raw throws(OpenSSLError) in try MemoryBIO(bytes: raw) }
        let pkey: OpaquePointer? = "".withCString { empty in
            PEM_read_bio_PrivateKey(keyBIO.pointer, nil, nil, UnsafeMutableRawPointer(mutating: empty))
        }
        guard let pkey else {
            throw TLSSetupError(message: "'\(keyFile)' holds no unencrypted PEM private key", openSSL: .drain("PEM_read_bio_PrivateKey"))
        }
        key = PrivateKeyHandle(taking: pkey)
        guard X509_check_private_key(certificate.pointer, key.pointer) == 1 else {
            OpenSSLErrorQueue.clear()
            throw TLSSetupError(message: "CA key '\(keyFile)' does not match '\(certificateFile)'", openSSL: nil)
        }
        certificatePEM = String(decoding: certBytes, as: UTF8.self)
    }

    /// A new self-signed EC P-256 root (the lab's short-lived CA, or a rogue one for faults).
    public init(selfSignedCommonName cn: String, organizationalUnit ou: String, notBefore: Int64, notAfter: Int64) throws {
        let newKey = try Self.generateKey(.ecP256)
        let draft = try CertificateDraft()
        try draft.fill(subject: (cn, ou), serial: Self.serial(), notBefore: notBefore, notAfter: notAfter, publicKey: newKey.pointer)
        try draft.addExtension(NID_basic_constraints, "critical,CA:TRUE", issuer: draft.pointer)
        try draft.addExtension(NID_key_usage, "critical,keyCertSign,cRLSign", issuer: draft.pointer)
        try draft.addExtension(NID_subject_key_identifier, "hash", issuer: draft.pointer)
        try draft.sign(issuerName: X509_get_subject_name(draft.pointer), key: newKey.pointer)
        certificate = X509Certificate(retaining: draft.pointer)
        key = newKey
        certificatePEM = try draft.pem
    }

    /// Issues a leaf certificate with a new key.
    public func issue(_ request: IssuanceRequest) throws -> IssuedIdentity {
        let leafKey = try Self.generateKey(request.keyType)
        let draft = try CertificateDraft()
        try draft.fill(subject: (request.commonName, request.organizationalUnit), serial: Self.serial(),
                       notBefore: request.notBefore, notAfter: request.notAfter, publicKey: leafKey.pointer)
        try draft.addExtension(NID_basic_constraints, "critical,CA:FALSE", issuer: certificate.pointer)
        let usage = request.keyType == .rsa2048 ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature"
        try draft.addExtension(NID_key_usage, usage, issuer: certificate.pointer)
        let purposes = (request.serverAuth ? ["serverAuth"] : []) + (request.clientAuth ? ["clientAuth"] : [])
        if !purposes.isEmpty { try draft.addExtension(NID_ext_key_usage, purposes.joined(separator: ","), issuer: certificate.pointer) }
        let sans = request.dnsNames.map { "DNS:" + $0 } + request.ipAddresses.map { "IP:" + $0 }
        if !sans.isEmpty { try draft.addExtension(NID_subject_alt_name, sans.joined(separator: ","), issuer: certificate.pointer) }
        try draft.addExtension(NID_subject_key_identifier, "hash", issuer: certificate.pointer)
        try draft.addExtension(NID_authority_key_identifier, "keyid:always", issuer: certificate.pointer)
        try draft.sign(issuerName: X509_get_subject_name(certificate.pointer), key: key.pointer)
        return IssuedIdentity(certificatePEM: try draft.pem, keyPEM: try Self.pem(of: leafKey))
    }

    private static func generateKey(_ type: IssuanceRequest.KeyType) throws -> PrivateKeyHandle {
        let pkey: OpaquePointer? = type == .ecP256 ? mc_EVP_EC_gen("P-256") : mc_EVP_RSA_gen(2048)
        guard let pkey else { throw OpenSSLError.drain("EVP_PKEY_Q_keygen") }
        return PrivateKeyHandle(taking: pkey)
    }

    private static func pem(of key: PrivateKeyHandle) throws -> String {
        let bio = try MemoryBIO()
        guard PEM_write_bio_PrivateKey(bio.pointer, key.pointer, nil, nil, 0, nil, nil) == 1 else {
            throw OpenSSLError.drain("PEM_write_bio_PrivateKey")
        }
        return bio.text
    }

    /// Random positive 62-bit serial numbers: unique enough for a lab.
    private static func serial() -> Int { Int.random(in: 1...(Int.max >> 1)) }
}
