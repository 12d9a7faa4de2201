import Testing
import MeshcertSupport

/// ByteSearch (memchr for the first byte, then a compare) against the plain definition, on
/// seeded random inputs over a small alphabet, so that partial matches and overlaps are common.
@Suite struct ByteSearchTests {
    /// The first `i >= start` where `pattern` begins, by the definition.
    static func naive(_ pattern: [UInt8], _ bytes: [UInt8], _ start: Int) -> Int? {
        guard !pattern.isEmpty, start >= 0, start <= bytes.count - pattern.count else { return nil }
        for i in start...(bytes.count - pattern.count) where Array(bytes[i..<(i + pattern.count)]) == pattern { return i }
        return nil
    }

    @Test func agreesWithTheDefinition() {
        var state: UInt64 = 17   // a seeded LCG, so a failure replays
        func next() -> UInt64 { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return state >> 33 }
        for _ in 0..<5_000 {
            let bytes = (0..<Int(next() % 40)).map { _ in UInt8(45 + next() % 3) }   // "-", ".", "/"
            let pattern = (0..<Int(next() % 5)).map { _ in UInt8(45 + next() % 3) }
            let start = Int(next() % 44) - 2
            let found = bytes.withUnsafeBufferPointer { ByteSearch.firstIndex(of: pattern, in: $0, from: start) }
            #expect(found == Self.naive(pattern, bytes, start), "pattern \(pattern) in \(bytes) from \(start)")
        }
    }

    @Test func findsPEMMarkers() {
        let text = Array("junk -- -----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".utf8)
        text.withUnsafeBufferPointer { b in
            #expect(ByteSearch.firstIndex(of: Array("-----BEGIN ".utf8), in: b) == 8)
            #expect(ByteSearch.firstIndex(of: Array("-----END ".utf8), in: b, from: 9) == 41)
            #expect(ByteSearch.firstIndex(of: Array("-----END ".utf8), in: b, from: 42) == nil)
            #expect(ByteSearch.firstIndex(of: [], in: b) == nil)
        }
        #expect([UInt8]().withUnsafeBufferPointer { ByteSearch.firstIndex(of: [45], in: $0) } == nil)
    }
}
