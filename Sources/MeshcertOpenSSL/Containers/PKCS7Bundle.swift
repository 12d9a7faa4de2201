internal import COpenSSL

/// Reads the certificates out of a PKCS#7 (CMS SignedData "certs-only") structure.
public enum PKCS7Bundle {
    /// The DER of every certificate in `der` (a DER PKCS#7 ContentInfo), in file order.
    public static func certificates(der: UnsafeRawBufferPointer) throws(OpenSSLError) -> [[UInt8]] {
        guard let base = der.baseAddress, der.count > 0 else {
            throw OpenSSLError(operation: "d2i_PKCS7", messages: ["empty input"], codes: [])
        }
        var cursor: UnsafePointer<UInt8>? = base.assumingMemoryBound(to: UInt8.self)
        guard let p7 = d2i_PKCS7(nil, &cursor, der.count) else { throw OpenSSLError.drain("d2i_PKCS7") }
        defer { PKCS7_free(p7) }
        guard mc_PKCS7_type_is_signed(p7) == 1 else {
            throw OpenSSLError(operation: "PKCS7", messages: ["not a SignedData structure (no certificates)"], codes: [])
        }
        guard let stack = mc_PKCS7_signed_certs(p7) else { return [] }
        var out: [[UInt8]] = []
        for i in 0..<mc_sk_X509_num(stack) {
            guard let x = mc_sk_X509_value(stack, i) else { continue }
            out.append(X509Certificate.derBytes(x))
        }
        return out
    }
}

extension X509Certificate {
    /// DER of a borrowed `X509`.
    static func derBytes(_ x: OpaquePointer) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_X509(x, &out)
        guard length > 0, let out else { return [] }
        defer { mc_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }
}
