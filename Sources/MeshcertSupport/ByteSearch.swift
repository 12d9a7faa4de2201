/// Where a byte pattern first starts: PEM markers in the scan loop, the report's checks of its
/// ASCII SVG. Inlinable, so the scan keeps a specialised loop across the module boundary.
public enum ByteSearch {
    /// The first index at or after `start` where `pattern` begins (nil for an empty pattern, as
    /// Foundation's `range(of: "")`).
    @inlinable
    public static func firstIndex(of pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        guard let first = pattern.first, start >= 0, start <= bytes.count - pattern.count else { return nil }
        let last = bytes.count - pattern.count
        var i = start
        while i <= last {
            if bytes[i] == first {
                var k = 1
                while k < pattern.count && bytes[i + k] == pattern[k] { k += 1 }
                if k == pattern.count { return i }
            }
            i += 1
        }
        return nil
    }
}
