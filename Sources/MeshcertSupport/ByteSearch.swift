#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a byte pattern first starts: PEM markers in the scan loop, the report's checks of its
/// ASCII SVG. Inlinable, so the scan keeps a specialised loop across the module boundary.
public enum ByteSearch {
    /// The first index at or after `start` where `pattern` begins (nil for an empty pattern, as
    /// Foundation's `range(of: "")`). The first byte is found with libc's `memchr` (vectorised:
    /// a PEM body holds no `-`, so the search for the END line skips it in wide steps).
    @inlinable
    public static func firstIndex(of pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        guard let first = pattern.first, start >= 0, start <= bytes.count - pattern.count,
              let base = bytes.baseAddress else { return nil }
        let last = bytes.count - pattern.count
        var i = start
        while i <= last {
            guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return nil }
            i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            var k = 1
            while k < pattern.count && bytes[i + k] == pattern[k] { k += 1 }
            if k == pattern.count { return i }
            i += 1
        }
        return nil
    }
}
