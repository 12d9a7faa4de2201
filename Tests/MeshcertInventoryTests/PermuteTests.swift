import Testing
@testable import MeshcertInventory

/// `Array.permute(toOrder:)` (how the scan puts its entries in order) against building the
/// reordered array directly, on every permutation of small arrays and on seeded larger ones.
@Suite struct PermuteTests {
    static func check(_ order: [Int]) {
        var values = order.indices.map { "v\($0)" }
        let expected = order.map { values[$0] }
        values.permute(toOrder: order)
        #expect(values == expected, "order \(order)")
    }

    static func permutations(_ n: Int) -> [[Int]] {
        if n == 0 { return [[]] }
        return permutations(n - 1).flatMap { p in (0...p.count).map { var q = p; q.insert(n - 1, at: $0); return q } }
    }

    @Test func everyPermutationOfUpToSixElements() {
        for n in 0...6 { for order in Self.permutations(n) { Self.check(order) } }
    }

    @Test func largerSeededPermutations() {
        var state: UInt64 = 5
        for n in [7, 100, 1_000] {
            var order = Array(0..<n)
            for i in stride(from: n - 1, to: 0, by: -1) {   // Fisher-Yates with a seeded LCG
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                order.swapAt(i, Int(state >> 33) % (i + 1))
            }
            Self.check(order)
        }
    }
}
