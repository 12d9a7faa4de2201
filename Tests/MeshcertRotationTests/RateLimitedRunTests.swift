@testable import MeshcertRotation
import MeshcertSupport
import Testing

/// Rate-limited runs go slice by slice, task by task, with turns resolved in global order
/// (`LimitedRun`); they must give exactly what the global event queue gives.
@Suite struct RateLimitedRunTests {
    let day = Fix.day, hour = Fix.hour, start = Fix.start

    /// Hand-computed: 4 tasks, 1 request an hour, 7d certificates renewed at 5d, 30 days, a CA
    /// outage [4.5d, 7.5d). The first requests (all at 0) get turns at 0, 1h, 2h, 3h. Task k's
    /// renewal at 5d + k h fails every 15 minutes until 7.5d (60h - k h of retries: 240 - 4k
    /// failures); at 7.5d all four ask in the same second and get the hours 180, 181, 182, 183
    /// (slot order). Each first certificate (notAfter 7d + k h) is replaced at 7.5d + k h: 12 h
    /// expired each, margin -12 h. Then renewals every 5 days: 0, 7.5, 12.5, 17.5, 22.5, 27.5
    /// days (+ k h): 6 certificates a task.
    @Test func backlogAfterAnOutageIsServedOneTurnPerWindow() {
        let s = Scenario(start: start, duration: 30 * day,
                         ca: CertificateAuthority(lifetime: 7 * day, rateLimit: RateLimit(count: 1, per: 3600),
                                                  outages: [Outage(start: Fix.at(days: 4.5), duration: 72 * hour)]),
                         rotation: Rotation(renewAt: .age(5 * day), retryInterval: 900),
                         services: [Service(name: "stock", tasks: 4)])
        let r = Simulator.run(s, options: .init(recordCertificates: true))
        let x = r.services[0]
        #expect(x.issuances == 24)
        #expect(x.failedRequests == 240 + 236 + 232 + 228)
        #expect(x.waitingSeconds == (0 + 1 + 2 + 3) * hour)
        #expect(x.expiredSeconds == 4 * 12 * hour)
        #expect(x.minMarginSeconds == -12 * hour)
        #expect(r.peakIssuancesPerMinute == 1)
        for k in 0..<4 {
            let mine = x.certificates.filter { $0.task.slot == k }.map(\.issuedAt)
            let days: [Double] = [0, 7.5, 12.5, 17.5, 22.5, 27.5]
            let expected: [EpochSeconds] = days.map { Fix.at(days: $0) + Int64(k) * hour }
            #expect(mine == expected)
        }
        #expect(x.exposureWindows.map(\.start) == (0..<4).map { Fix.at(days: 7) + Int64($0) * hour })
        #expect(Simulator.run(s, options: .init(recordCertificates: true, strategy: .eventQueue)) == r)
    }

    /// Hand-computed, with a turn feeding back inside one day: 2 tasks, 1 request an hour, 3h
    /// certificates renewed at 2h. Task 1's first turn is at 1h (task 0 took hour 0), so its
    /// renewals fall on the odd hours and task 0's on the even ones: nobody waits again. A
    /// first guess of "at once" for task 1 would put both renewals at 2h; the resolution must
    /// settle on the odd hours.
    @Test func aDelayedTurnMovesTheNextRenewalInTheSameSlice() {
        let s = Scenario(start: start, duration: day,
                         ca: CertificateAuthority(lifetime: 3 * hour, rateLimit: RateLimit(count: 1, per: 3600)),
                         rotation: Rotation(renewAt: .age(2 * hour)),
                         services: [Service(name: "stock", tasks: 2)])
        let r = Simulator.run(s, options: .init(recordCertificates: true))
        let x = r.services[0]
        #expect(x.issuances == 24)
        for k in 0..<2 {
            let expected: [EpochSeconds] = (0..<12).map { start + Int64(2 * $0 + k) * hour }
            #expect(x.certificates.filter { $0.task.slot == k }.map(\.issuedAt) == expected)
        }
        #expect(x.waitingSeconds == hour)
        #expect(x.minMarginSeconds == hour)
        #expect(x.expiredSeconds == 0)
        #expect(Simulator.run(s, options: .init(recordCertificates: true, strategy: .eventQueue)) == r)
    }

    /// Random fleets with every feature and limits from loose to far beyond saturation: the
    /// slice-by-slice run, with the cost alternative as a second track, equals the global queue
    /// and a separate run of the alternative, field for field (certificates included, in the
    /// same order).
    @Test(arguments: 0..<40)
    func equalsTheGlobalQueue(_ seed: Int) {
        let s = RateLimitedRunTests.scenario(seed: UInt64(seed))
        let (a, ca) = CostComparison.simulate(s, options: .init(recordCertificates: true))
        let (b, cb) = CostComparison.simulate(s, options: .init(recordCertificates: true, strategy: .eventQueue))
        #expect(a == b, "seed \(seed): \(s.ca.rateLimit!) renewAt \(s.renewAtSeconds) tasks \(s.services.map(\.tasks))")
        #expect(ca == cb, "seed \(seed)")
        #expect(a.totals.issuances > 0)
    }

    /// Without a limit the per-task run must equal the queue too, certificates listed in the
    /// queue's order (found by the differential fuzzer: they were listed task by task).
    @Test(arguments: 0..<10)
    func perTaskRunEqualsTheGlobalQueue(_ seed: Int) {
        var s = RateLimitedRunTests.scenario(seed: UInt64(seed))
        s.ca.rateLimit = nil
        let (a, ca) = CostComparison.simulate(s, options: .init(recordCertificates: true))
        let (b, cb) = CostComparison.simulate(s, options: .init(recordCertificates: true, strategy: .eventQueue))
        #expect(a == b, "seed \(seed)")
        #expect(ca == cb, "seed \(seed)")
    }

    /// The random fleets above are really run slice by slice (none gives up to the queue, which
    /// would make their comparison with the queue empty).
    @Test func randomFleetsAreSliced() {
        for seed in 0..<40 {
            let s = RateLimitedRunTests.scenario(seed: UInt64(seed))
            let shared = Shared(scenario: s, options: .init(recordCertificates: true))
            #expect(LimitedRun.run(shared, tasks: s.services.reduce(0) { $0 + $1.tasks }) != nil, "seed \(seed)")
        }
    }

    /// Renewals two seconds apart under a 1/s limit make chains of dependent turns that slices
    /// cannot settle without thousands of cuts (found in review: 13,679 slice runs for one day).
    /// After `maxCuts` the run gives up, and the global queue answers, with the same results.
    @Test func chainsOfTurnsSecondsApartGiveUpToTheQueue() {
        let s = Scenario(start: start, duration: day,
                         ca: CertificateAuthority(lifetime: 5, rateLimit: RateLimit(count: 1, per: 1)),
                         rotation: Rotation(renewAt: .age(2), retryInterval: 1),
                         services: [Service(name: "a", tasks: 3, restartsPerDay: 2000)])
        let shared = Shared(scenario: s, options: .init(recordCertificates: true))
        #expect(LimitedRun.run(shared, tasks: 3) == nil)
        let (a, ca) = CostComparison.simulate(s, options: .init(recordCertificates: true))
        let (b, cb) = CostComparison.simulate(s, options: .init(recordCertificates: true, strategy: .eventQueue))
        #expect(a == b)
        #expect(ca == cb)
        #expect(a.totals.issuances > 1000)
    }

    /// Renewals every minute: a 3-day slice would list 4,320 requests a task (found in review:
    /// 20,000 such tasks took 4.5 GB). Past its request budget the run gives up to the queue,
    /// whose memory grows with tasks, not requests.
    @Test func requestsFarBeyondTheBudgetGiveUpToTheQueue() {
        let s = Scenario(start: start, duration: 3 * day,
                         ca: CertificateAuthority(lifetime: hour, rateLimit: RateLimit(count: 100, per: 1)),
                         rotation: Rotation(renewAt: .age(60)),
                         services: [Service(name: "a", tasks: 600)])
        let shared = Shared(scenario: s, options: .init())
        #expect(600 * 3 * 1440 > LimitedRun.requestBudget(slots: 600))
        #expect(LimitedRun.run(shared, tasks: 600) == nil)
        // What the caller then runs (the queue is compared with the slices everywhere else).
        #expect(Simulator.run(s).totals.issuances >= 600 * 3 * 1440)
    }

    /// Over 4,096 tasks the slots are split over two threads; turns are still resolved over all
    /// of them together.
    @Test func splitRunEqualsTheGlobalQueue() {
        let services = (0..<500).map { i in
            Service(name: "s\(i)", tasks: 10, restartsPerDay: 1, clients: i == 0 ? [] : ["s\(i - 1)"])
        }
        let s = Scenario(start: start, duration: 12 * day, seed: 5,
                         ca: CertificateAuthority(backdate: 1, issueLatency: 20, rateLimit: RateLimit(count: 1, per: 20),
                                                  outages: [Outage(start: Fix.at(days: 4), duration: 30 * hour)],
                                                  rollover: Rollover(at: Fix.at(days: 6), trustNewFrom: Fix.at(days: 6.2), retireOld: Fix.at(days: 9))),
                         rotation: Rotation(renewAt: .age(3 * day), jitter: 0.1), clockSkewMax: 3, services: services)
        let (a, ca) = CostComparison.simulate(s, options: .init(recordCertificates: true))
        let (b, cb) = CostComparison.simulate(s, options: .init(recordCertificates: true, strategy: .eventQueue))
        #expect(a == b)
        #expect(ca == cb)
        #expect(a.hasExposure && a.totals.notYetValidSeconds > 0 && a.totals.untrustedSeconds > 0)
    }

    /// The timeline keeps the first certificates in the queue's order (issue time, then slot)
    /// when there are more than it keeps (here 700 instead of 2,000,000).
    @Test func truncatedTimelineKeepsWhatTheQueueKeeps() {
        var truncated = 0
        for seed in 1000..<1020 {
            var s = RateLimitedRunTests.scenario(seed: UInt64(seed))
            s.services = s.services.map { var x = $0; x.tasks = max(x.tasks, 6); return x }
            var options = SimulationOptions(recordCertificates: true)
            options.certificateLimit = 700
            let a = Simulator.run(s, options: options)
            options.strategy = .eventQueue
            let b = Simulator.run(s, options: options)
            #expect(a == b, "seed \(seed)")
            #expect(a.certificatesTruncated == (a.totals.issuances >= 700))
            #expect(a.services.reduce(0) { $0 + $1.certificates.count } == min(700, a.totals.issuances))
            if a.certificatesTruncated { truncated += 1 }
        }
        #expect(truncated >= 5)
    }

    /// A random scenario (small enough for a debug build).
    static func scenario(seed: UInt64) -> Scenario {
        var g = SplitMix(seed: seed)
        let day = Fix.day, start = Fix.start
        let duration: Int64 = Int64(g.int(2...12)) * day + Int64(g.int(0...86399))
        let lifetimes: [Int64] = [7 * day, 2 * day, 6 * 3600, 1800]
        let lifetime = lifetimes[g.int(0...3)]
        let renew = max(60, lifetime * Int64(g.int(40...90)) / 100)
        let per = [1, 10, 60, 3600, 86400][g.int(0...4)]
        let count = [1, 2, 3, 5, 20][g.int(0...4)]
        var outages: [Outage] = []
        for _ in 0..<g.int(0...3) {
            let from: Int64 = start + Int64(g.int(-3600...Int(duration)))
            let length: Int64 = Int64(g.int(1...40)) * 900 + Int64(g.int(0...59))
            outages.append(Outage(start: from, duration: length))
        }
        var rollover: Rollover?
        if g.int(0...1) == 1 {
            let at: Int64 = start + Int64(g.int(0...Int(duration)))
            let trust: Int64 = start + Int64(g.int(0...Int(duration)))
            let retire: Int64 = start + Int64(g.int(0...Int(duration))) + day
            rollover = Rollover(at: at, trustNewFrom: trust, retireOld: retire)
        }
        let latencies: [Int64] = [0, 0, 1, 45, 700], retries: [Int64] = [60, 900, 3600], skew = Int64(g.int(0...5))
        let services = (0..<g.int(1...8)).map { i in
            Service(name: "s\(i)", tasks: g.int(i == 0 ? 1...9 : 0...9), restartsPerDay: [0, 0.3, 2, 12][g.int(0...3)],
                    clients: i == 0 ? [] : ["s\(g.int(0...(i - 1)))"])
        }
        return Scenario(start: start, duration: duration, seed: seed,
                        ca: CertificateAuthority(lifetime: lifetime, backdate: Int64(g.int(0...3)), issueLatency: latencies[g.int(0...4)],
                                                 rateLimit: RateLimit(count: count, per: Int64(per)), outages: outages, rollover: rollover),
                        rotation: Rotation(renewAt: .age(renew), retryInterval: retries[g.int(0...2)], jitter: [0, 0.05, 0.3][g.int(0...2)]),
                        clockSkewMax: skew, services: services)
    }
}

/// A tiny deterministic generator for the random scenarios.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
}
