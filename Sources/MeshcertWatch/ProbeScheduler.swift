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
            var earliest: Date?
            var pick: Int?
            for (i, e) in entries.enumerated() where !e.running && inFlight[e.host, default: 0] < perHost {
                if e.due <= now {
                    if pick == nil || e.due < entries[pick!].due { pick = i }
                } else if earliest == nil || e.due < earliest! {
                    earliest = e.due
                }
            }
            if let pick {
                entries[pick].running = true
                inFlight[entries[pick].host, default: 0] += 1
                return pick
            }
            condition.wait(until: earliest ?? now.addingTimeInterval(3600))
        }
        return nil
    }

    private func finish(_ index: Int) {
        condition.lock()
        entries[index].running = false
        inFlight[entries[index].host, default: 1] -= 1
        let spread = jitter > 0 ? Double.random(in: -jitter...jitter) : 0
        entries[index].due = Date().addingTimeInterval(interval * (1 + spread))
        condition.broadcast()
        condition.unlock()
    }
}
