import Synchronization

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
