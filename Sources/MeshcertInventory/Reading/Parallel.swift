import Dispatch
import Synchronization

/// Runs `body` for 0..<count on `workers` threads (GCD's, not the Swift concurrency pool:
/// this is blocking file and CPU work) and returns the results in index order.
enum Parallel {
    static func map<T>(_ count: Int, workers: Int, _ body: (Int) -> T) -> [T] {
        map(count, workers: workers, state: { () }) { _, i in body(i) }
    }

    /// As `map`, each thread also holding its own `State` (made by `state`, passed to every call
    /// on that thread): a cache that needs no lock.
    static func map<State, T>(_ count: Int, workers: Int, state: () -> State, _ body: (inout State, Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let threads = max(1, min(workers, count))
        if threads == 1 {
            var own = state()
            return (0..<count).map { body(&own, $0) }
        }
        let next = Atomic<Int>(0)
        // Results are written straight into the array's storage (no copy of every element, with
        // its retains, into an array afterwards). Each index is written by exactly one thread and
        // read only after all threads joined.
        return Array(unsafeUninitializedCapacity: count) { results, initialized in
            nonisolated(unsafe) let output = results
            withoutActuallyEscaping(body) { body in
                withoutActuallyEscaping(state) { state in
                    nonisolated(unsafe) let work = body
                    nonisolated(unsafe) let make = state
                    DispatchQueue.concurrentPerform(iterations: threads) { _ in
                        var own = make()
                        while true {
                            let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                            if i >= count { break }
                            (output.baseAddress! + i).initialize(to: work(&own, i))
                        }
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
