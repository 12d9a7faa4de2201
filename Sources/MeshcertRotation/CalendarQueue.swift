/// The global event queue: a calendar queue (R. Brown, 1988). The window is cut into at most
/// 2^20 buckets of equal width; each task slot has at most one pending event, kept in an
/// intrusive list of its bucket (O(1) to schedule, no allocation). Only the bucket being
/// processed is ordered, in a small heap (`EventQueue`), by (time, slot): the same order as one
/// heap over everything, at a fraction of the cost when there are many slots, because the heap
/// stays small and cache-resident.
struct CalendarQueue {
    let width: Int64
    private var heads: [Int32]
    private var next: [Int32]
    private var offsets: [Int64]
    private var current = 0
    private var heap = EventQueue()

    /// `duration`: events are scheduled in [0, duration) seconds after the window start.
    init(duration: Int64, slots: Int) {
        let buckets = Int64(1 << 20)
        width = max(1, (duration + buckets - 1) / buckets)
        heads = [Int32](repeating: -1, count: Int(max(1, (duration + width - 1) / width)))
        next = [Int32](repeating: -1, count: slots)
        offsets = [Int64](repeating: 0, count: slots)
    }

    mutating func push(offset: Int64, slot: Int) {
        let b = Int(offset / width)
        if b <= current {
            heap.push(offset: offset, slot: slot)
        } else {
            offsets[slot] = offset
            next[slot] = heads[b]
            heads[b] = Int32(slot)
        }
    }

    /// The earliest pending event (ties: the lower slot), removed from the queue.
    mutating func pop() -> (offset: Int64, slot: Int)? {
        while heap.isEmpty {
            current += 1
            guard current < heads.count else { return nil }
            var s = heads[current]
            heads[current] = -1
            while s >= 0 {
                heap.push(offset: offsets[Int(s)], slot: Int(s))
                s = next[Int(s)]
            }
        }
        let top = heap.top!
        heap.popTop()
        return top
    }
}
