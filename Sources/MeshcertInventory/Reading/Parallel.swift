import Dispatch
import Synchronization

/// Runs `body` for 0..<count on `workers` threads (GCD's, not the Swift concurrency pool:
/// this is blocking file and CPU work) and returns the results in index order.
enum Parallel {
    static func map<T>(_ count: Int, workers: Int, _ body: (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let threads = max(1, min(workers, count))
        if threads == 1 { return (0..<count).map(body) }
        let next = Atomic<Int>(0)
        // Results are written straight into the array's storage (no copy of every element, with
        // its retains, into an array afterwards). Each index is written by exactly one thread and
        // read only after all threads joined.
        return Array(unsafeUninitializedCapacity: count) { results, initialized in
            nonisolated(unsafe) let output = results
            withoutActuallyEscaping(body) { body in
                nonisolated(unsafe) let work = body
                DispatchQueue.concurrentPerform(iterations: threads) { _ in
                    while true {
                        let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                        if i >= count { break }
                        (output.baseAddress! + i).initialize(to: work(i))
                    }
                }
            }
            initialized = count
        }
    }

    static var cores: Int {
        max(1, sysconfNProcessors())
    }
}

#if canImport(Glibc)
import Glibc
private func sysconfNProcessors() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
#else
import Darwin
private func sysconfNProcessors() -> Int { Int(sysconf(_SC_NPROCESSORS_ONLN)) }
#endif
