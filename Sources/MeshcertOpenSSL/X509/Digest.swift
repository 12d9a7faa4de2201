internal import COpenSSL

/// SHA-256 fingerprints, as meshcert prints them (64 lowercase hex digits).
public enum Digest {
    /// Fetched once: OpenSSL 3's one-shot `SHA256()` fetches the algorithm on every call, which
    /// takes a global lock and dominated the scan of large inventories.
    private struct FetchedMD: @unchecked Sendable { let pointer: OpaquePointer? }
    private static let sha256MD = FetchedMD(pointer: EVP_MD_fetch(nil, "SHA256", nil))

    public static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        if let md = sha256MD.pointer,
           EVP_Digest(bytes.baseAddress, bytes.count, &out, &length, md, nil) == 1 {
            return out
        }
        OpenSSLErrorQueue.clear()
        _ = SHA256(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, &out)
        return out
    }

    public static func sha256Hex(_ bytes: UnsafeRawBufferPointer) -> String {
        Hex.encode(sha256(bytes))
    }

    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { sha256Hex($0) }
    }
}

/// Lowercase hex without separators.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
