import Foundation
import MeshcertOpenSSL

/// How many connections at once, overall and per host, and how often each check runs.
public struct EngineOptions: Sendable {
    public var jobs: Int
    public var perHost: Int
    public var repeatCount: Int

    public init(jobs: Int = 4, perHost: Int = 5, repeatCount: Int = 1) {
        self.jobs = max(1, jobs)
        self.perHost = max(1, perHost)
        self.repeatCount = max(1, repeatCount)
    }
}

/// Runs checks on dedicated worker threads (blocking sockets never touch the Swift concurrency
/// pool): at most `jobs` connections in flight overall and `perHost` per host.
public enum HandshakeEngine {
    public static func run(_ checks: [HandshakeCheck], options: EngineOptions = EngineOptions()) throws -> [HandshakeCheckResult] {
        try run(checks, options: options, contexts: ContextCache(checks))
    }

    /// One check on the calling thread, with contexts built beforehand: for a caller that has
    /// its own worker threads and bounds (the `watch` scheduler), no thread or work board per
    /// probe. The contexts must cover the check (`ContextCache.covers`); else they are built.
    public static func runOne(_ check: HandshakeCheck, contexts: ContextCache) throws -> HandshakeCheckResult {
        BrokenPipe.ignored
        let contexts = contexts.covers([check]) ? contexts : try ContextCache([check])
        return CheckRunner.run(check, contexts: contexts, probeClientAuth: true)
    }

    /// The same with contexts built beforehand (they must cover `checks`), for callers that
    /// probe the same checks again and again.
    public static func run(_ checks: [HandshakeCheck], options: EngineOptions = EngineOptions(),
                           contexts: ContextCache) throws -> [HandshakeCheckResult] {
        BrokenPipe.ignored
        let contexts = contexts.covers(checks) ? contexts : try ContextCache(checks)
        let board = WorkBoard(checks: checks, repeatCount: options.repeatCount, perHost: options.perHost)
        let workers = min(options.jobs, checks.count * options.repeatCount)
        let done = DispatchGroup()
        for _ in 0..<workers {
            done.enter()
            let thread = Thread {
                while let task = board.next() {
                    let start = MonotonicClock.now()
                    let check = checks[task.check]
                    let result: HandshakeCheckResult
                    if task.repetition == 0 {
                        result = CheckRunner.run(check, contexts: contexts, probeClientAuth: true)
                    } else {
                        let probe = HandshakeProbe.run(check, context: contexts.context(for: check.client),
                                                       presentsClientCertificate: check.client.presentsClientCertificate,
                                                       summaryOnly: true)
                        result = CheckRunner.result(check, probe, clientAuth: .none)
                    }
                    board.finish(task, result: result, start: start, end: MonotonicClock.now())
                }
                done.leave()
            }
            thread.name = "meshcert-handshake"
            thread.stackSize = 1 << 20
            thread.start()
        }
        done.wait()
        return board.results(repeatCount: options.repeatCount)
    }
}

/// The shared queue of (check, repetition) tasks with the per-host limit. All state is behind
/// `condition`; workers block on it when every pending task's host is at its limit.
final class WorkBoard: @unchecked Sendable {
    struct Task { let check: Int; let repetition: Int; let host: String }
    /// What is kept of one check's repetitions: two results and the latencies, not every result
    /// (a `--repeat 10000` run must not hold 10,000 results in memory).
    struct Tally {
        var first: HandshakeCheckResult?
        var firstMissed: HandshakeCheckResult?
        var missed = 0
        var latencies: [Double] = []
        /// Sums of each phase over the repetitions (seconds for total, milliseconds otherwise).
        var connectMs = 0.0, handshakeMs = 0.0, postHandshakeMs = 0.0, totalSeconds = 0.0
        var start = Double.infinity
        var end = -Double.infinity
    }

    private let condition = NSCondition()
    /// Pending tasks per host (FIFO with a head index) and the hosts in first-seen order.
    private var queues: [String: (tasks: [Task], head: Int)] = [:]
    private var hosts: [String] = []
    private var remaining = 0
    private var inFlight: [String: Int] = [:]
    private let perHost: Int
    private var tallies: [Tally]

    init(checks: [HandshakeCheck], repeatCount: Int, perHost: Int) {
        for r in 0..<repeatCount {
            for (i, c) in checks.enumerated() {
                let host = c.target.host
                if queues[host] == nil { hosts.append(host); queues[host] = ([], 0) }
                queues[host]!.tasks.append(Task(check: i, repetition: r, host: host))
            }
        }
        remaining = checks.count * repeatCount
        self.perHost = perHost
        tallies = Array(repeating: Tally(), count: checks.count)
    }

    /// The next task whose host is under its limit; blocks while every host with work is full.
    func next() -> Task? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if remaining == 0 { return nil }
            for host in hosts where inFlight[host, default: 0] < perHost {
                guard let queue = queues[host], queue.head < queue.tasks.count else { continue }
                queues[host]!.head += 1
                remaining -= 1
                inFlight[host, default: 0] += 1
                return queue.tasks[queue.head]
            }
            condition.wait()
        }
    }

    func finish(_ task: Task, result: HandshakeCheckResult, start: Double, end: Double) {
        condition.lock()
        inFlight[task.host, default: 1] -= 1
        var tally = tallies[task.check]
        tallies[task.check] = Tally()  // keeps the latency array uniquely referenced (no copy on append)
        if task.repetition == 0 { tally.first = result }
        if !result.matchedExpectation {
            tally.missed += 1
            if tally.firstMissed == nil { tally.firstMissed = result }
        }
        tally.latencies.append((result.connectMs ?? 0) + (result.handshakeMs ?? 0))
        tally.connectMs += result.connectMs ?? 0
        tally.handshakeMs += result.handshakeMs ?? 0
        tally.postHandshakeMs += result.postHandshakeMs ?? 0
        tally.totalSeconds += end - start
        tally.start = min(tally.start, start)
        tally.end = max(tally.end, end)
        tallies[task.check] = tally
        condition.broadcast()
        condition.unlock()
    }

    /// One result per check: the first repetition's, unless a later one missed the expectation
    /// (a flaky failure must not hide behind a good first run); load figures with `--repeat`.
    func results(repeatCount: Int) -> [HandshakeCheckResult] {
        condition.lock()
        defer { condition.unlock() }
        return tallies.map { tally in
            var chosen = tally.first!
            guard repeatCount > 1 else { return chosen }
            if let bad = tally.firstMissed, chosen.matchedExpectation {
                var replaced = bad
                replaced.clientAuth = chosen.clientAuth
                chosen = replaced
            }
            let latencies = tally.latencies.sorted()
            let span = tally.end - tally.start
            let n = Double(max(latencies.count, 1))
            chosen.load = HandshakeLoad(handshakes: latencies.count, missed: tally.missed,
                                        handshakesPerSecond: span > 0 ? Double(latencies.count) / span : 0,
                                        p50Ms: percentile(latencies, 0.50), p99Ms: percentile(latencies, 0.99),
                                        meanConnectMs: tally.connectMs / n, meanHandshakeMs: tally.handshakeMs / n,
                                        meanPostHandshakeMs: tally.postHandshakeMs / n, meanTotalMs: tally.totalSeconds * 1000 / n)
            return chosen
        }
    }

    private func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}
