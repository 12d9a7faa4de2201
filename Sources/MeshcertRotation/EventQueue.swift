/// The heap inside `CalendarQueue` (its current bucket): a 4-ary min-heap of packed keys (half
/// the levels of a binary heap, and the four children of a node share a cache line). Each key is
/// `(seconds since the window start) << slotBits | slot`, so ties at the same second are broken
/// by slot order (services in file order, then task index): deterministic, and one integer
/// comparison per step. Every task slot has at most one pending entry (its next event).
struct EventQueue {
    static let slotBits: UInt64 = 26
    static let maxSlots = 1 << 26
    static let slotMask: UInt64 = (1 << 26) - 1
    /// Times beyond this many seconds after the start do not fit the packed key (~4,300 years).
    static let maxOffset: Int64 = (1 << 37) - 1

    private(set) var keys: [UInt64] = []

    var isEmpty: Bool { keys.isEmpty }
    var count: Int { keys.count }

    @inline(__always)
    static func key(offset: Int64, slot: Int) -> UInt64 {
        UInt64(offset) << slotBits | UInt64(slot)
    }

    var top: (offset: Int64, slot: Int)? {
        guard let k = keys.first else { return nil }
        return (Int64(k >> EventQueue.slotBits), Int(k & EventQueue.slotMask))
    }

    mutating func reserve(_ n: Int) { keys.reserveCapacity(n) }

    mutating func push(offset: Int64, slot: Int) {
        keys.append(EventQueue.key(offset: offset, slot: slot))
        keys.withUnsafeMutableBufferPointer { h in
            var i = h.count - 1
            let k = h[i]
            while i > 0 {
                let parent = (i - 1) >> 2
                if h[parent] <= k { break }
                h[i] = h[parent]
                i = parent
            }
            h[i] = k
        }
    }

    /// Replaces the top entry (the slot just processed) with its next event: one sift-down.
    mutating func replaceTop(offset: Int64, slot: Int) {
        siftDown(from: EventQueue.key(offset: offset, slot: slot))
    }

    mutating func popTop() {
        let last = keys.removeLast()
        if !keys.isEmpty { siftDown(from: last) }
    }

    private mutating func siftDown(from k: UInt64) {
        keys.withUnsafeMutableBufferPointer { h in
            let n = h.count
            var i = 0
            while true {
                let first = 4 * i + 1
                if first >= n { break }
                var child = first
                var best = h[first]
                let last = min(first + 4, n)
                var c = first + 1
                while c < last {
                    let v = h[c]
                    if v < best { best = v; child = c }
                    c += 1
                }
                if k <= best { break }
                h[i] = best
                i = child
            }
            h[i] = k
        }
    }
}
