import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// RFC 2253 text and CN of names already decoded, by their DER bytes: in an inventory thousands
/// of leaves share one issuer, whose name is then decoded once. Bounded; shared by the workers.
enum NameMemo {
    typealias Entry = (text: String, commonName: String?)
    private static let capacity = 4096
    private static let memo = Mutex<[[UInt8]: Entry]>([:])

    static func lookup(_ der: UnsafeBufferPointer<UInt8>, decode: () -> Entry?) -> Entry? {
        let key = Array(der)
        if let hit = memo.withLock({ $0[key] }) { return hit }
        guard let entry = decode() else { return nil }
        memo.withLock { m in
            if m.count >= capacity { m.removeAll(keepingCapacity: true) }
            m[key] = entry
        }
        return entry
    }
}

/// The issuer name one worker read last, by its DER bytes: the leaves of one CA, read one after
/// another, then share its name's text instead of each decoding it again. Owned by one thread
/// (no lock); a different name replaces it.
public final class IssuerNameReuse {
    private var der: [UInt8] = []
    private var text = ""
    private var commonName: String?

    public init() {}

    /// The name at `n`: reused when its bytes equal the last one's, read otherwise.
    func name(_ r: DERReader, _ n: DERNode) -> (String, String?)? {
        let bytes = UnsafeBufferPointer(rebasing: r.bytes[n.start..<n.end])
        if !der.isEmpty && der.count == bytes.count && der.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) }) == 0 {
            return (text, commonName)
        }
        guard let read = FastCertificateReader.name(r, n) else { return nil }
        (der, text, commonName) = (Array(bytes), read.0, read.1)
        return read
    }
}
