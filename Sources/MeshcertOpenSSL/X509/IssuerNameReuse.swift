#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The issuer names one worker read last, by their DER bytes: an inventory's leaves come from a
/// few CAs, whose names are then read once per worker instead of once per leaf. Owned by one
/// thread (no lock); a few slots, reused in turn.
public final class IssuerNameReuse {
    private struct Slot {
        var der: [UInt8]
        var text: String
        var commonName: String?
    }
    private static let capacity = 8
    private var slots: [Slot] = []
    private var next = 0

    public init() {}

    /// The name at `n`: reused when its bytes equal a kept one's, read otherwise.
    func name(_ r: DERReader, _ n: DERNode) -> (String, String?)? {
        let bytes = UnsafeBufferPointer(rebasing: r.bytes[n.start..<n.end])
        for i in slots.indices where slots[i].der.count == bytes.count   // by index: no copy of a slot
            && slots[i].der.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) }) == 0 {
            return (slots[i].text, slots[i].commonName)
        }
        guard let read = FastCertificateReader.name(r, n) else { return nil }
        let slot = Slot(der: Array(bytes), text: read.0, commonName: read.1)
        if slots.count < Self.capacity { slots.append(slot) } else { slots[next] = slot }
        next = (next + 1) % Self.capacity
        return read
    }
}
