import Foundation

/// Runs each item every `interval` (± `jitter`, at random) on `jobs` dedicated threads, at most
/// `perHost` at once against one host. Blocking probes stay off the Swift concurrency pool;
/// a slow or silent target holds one thread until its own deadlines pass, never the others'.
final class ProbeScheduler<Item: Sendable>: @unchecked Sendable {
    struct Entry {
        var item: Item
        var host: String
        var due: Date
        var running = false
    }

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var entries: [Entry]
    /// Entries waiting for their time, earliest first (indices into `entries`).
    private var queue: DueQueue
    /// Due entries set aside because their host was at `perHost`; back in `queue` when one of
    /// that host's probes finishes. Picking is O(log n) however many targets: with 1,000 targets
    /// a scan of all of them per pick cost more CPU than the scheduling was worth.
    private var parked: [String: [Int]] = [:]
    private var inFlight: [String: Int] = [:]
    private var stopping = false
    private var interval: Double
    private var jitter: Double
    private var perHost: Int
    private let jobs: Int
    private let work: @Sendable (Item) -> Void
    private let done = DispatchGroup()

    init(items: [(Item, host: String)], interval: Double, jitter: Double, jobs: Int, perHost: Int, work: @escaping @Sendable (Item) -> Void) {
        let now = Date()
        entries = items.map { Entry(item: $0.0, host: $0.host, due: now) }
        queue = DueQueue()
        for i in entries.indices { queue.push(i, due: now) }
        self.interval = interval
        self.jitter = jitter
        self.jobs = max(1, jobs)
        self.perHost = max(1, perHost)
        self.work = work
    }

    func start(name: String) {
        for _ in 0..<jobs {
            done.enter()
            let thread = Thread { [self] in
                while let index = next() {
                    condition.lock()
                    let item = entries[index].item
                    condition.unlock()
                    work(item)
                    finish(index)
                }
                done.leave()
            }
            thread.name = name
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Stops handing out work and waits for the items in flight (each bounded by its deadlines).
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        done.wait()
    }

    /// The next due item whose host is under its limit; waits until one is due; nil when stopping.
    private func next() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !stopping {
            let now = Date()
            while let top = queue.peek, entries[top].due <= now {
                queue.pop()
                let host = entries[top].host
                guard inFlight[host, default: 0] < perHost else {
                    parked[host, default: []].append(top)
                    continue
                }
                entries[top].running = true
                inFlight[host, default: 0] += 1
                return top
            }
            _ = condition.wait(until: queue.peek.map { entries[$0].due } ?? now.addingTimeInterval(3600))
        }
        return nil
    }

    private func finish(_ index: Int) {
        condition.lock()
        let host = entries[index].host
        entries[index].running = false
        inFlight[host, default: 1] -= 1
        let spread = jitter > 0 ? Double.random(in: -jitter...jitter) : 0
        entries[index].due = Date().addingTimeInterval(interval * (1 + spread))
        queue.push(index, due: entries[index].due)
        // The host has room again: its parked entries (already due) go back in line.
        if let waiting = parked.removeValue(forKey: host) {
            for i in waiting { queue.push(i, due: entries[i].due) }
        }
        condition.broadcast()
        condition.unlock()
    }
}

/// A binary min-heap of entry indices by due time (ties: the lower index first).
struct DueQueue {
    private var heap: [(due: Date, index: Int)] = []

    var peek: Int? { heap.first?.index }
    var count: Int { heap.count }

    private static func before(_ a: (due: Date, index: Int), _ b: (due: Date, index: Int)) -> Bool {
        a.due < b.due || (a.due == b.due && a.index < b.index)
    }

    mutating func push(_ index: Int, due: Date) {
        heap.append((due, index))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult
    mutating func pop() -> Int? {
        guard !heap.isEmpty else { return nil }
        let top = heap[0].index
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && Self.before(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count && Self.before(heap[right], heap[smallest]) { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
