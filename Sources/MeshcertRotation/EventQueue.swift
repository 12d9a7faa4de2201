/// The simulator's priority queue: a binary min-heap of packed keys. Each key is
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
                let parent = (i - 1) >> 1
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
                var child = 2 * i + 1
                if child >= n { break }
                if child + 1 < n && h[child + 1] < h[child] { child += 1 }
                if k <= h[child] { break }
                h[i] = h[child]
                i = child
            }
            h[i] = k
        }
    }
}
