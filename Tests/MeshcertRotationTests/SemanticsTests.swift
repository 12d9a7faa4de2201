@testable import MeshcertRotation
import MeshcertSupport
import Testing

/// One hand-computed test per rule of docs/rotation-semantics.md.
@Suite struct SemanticsTests {
    let day = Fix.day, hour = Fix.hour, start = Fix.start

    func one(_ ca: CertificateAuthority = .init(), rotation: Rotation = .init(renewAt: .age(5 * 86400)),
             services: [Service] = [Service(name: "stock")], duration: Int64 = 30 * 86400, skew: Int64 = 0, seed: UInt64 = 0) -> SimulationResult {
        Simulator.run(Scenario(start: start, duration: duration, seed: seed, ca: ca, rotation: rotation, clockSkewMax: skew,
                               services: services), options: .init(recordCertificates: true))
    }

    @Test func requestAtTheExactEndOfAnOutageSucceeds() {
        let r = one(CertificateAuthority(outages: [Outage(start: start + 5 * day, duration: hour)]),
                    rotation: Rotation(renewAt: .age(5 * day), retryInterval: hour))
        let s = r.services[0]
        #expect(s.failedRequests == 1)  // the day-5 request; the retry at day 5 + 1h is the outage's end
        #expect(s.certificates.map(\.issuedAt).prefix(2) == [start, start + 5 * day + hour])
        #expect(s.minMarginSeconds == 2 * day - hour)
    }

    @Test func retriesEveryRetryIntervalUntilARequestSucceeds() {
        // Outage [5d, 5d+100m): attempts at +0, +30m, +60m, +90m fail; +120m succeeds.
        let r = one(CertificateAuthority(outages: [Outage(start: start + 5 * day, duration: 100 * 60)]),
                    rotation: Rotation(renewAt: .age(5 * day), retryInterval: 30 * 60))
        #expect(r.services[0].failedRequests == 4)
        #expect(r.services[0].certificates[1].issuedAt == start + 5 * day + 2 * hour)
    }

    @Test func retriesCarryOverFromOneOutageIntoTheNext() {
        // Outages [5d, 5d+50m) and [5d+55m, 5d+2h): attempts at +0 and +30m fail in the first,
        // +60m and +90m in the second, +120m (its end) succeeds.
        let r = one(CertificateAuthority(outages: [Outage(start: start + 5 * day, duration: 50 * 60),
                                                   Outage(start: start + 5 * day + 55 * 60, duration: 65 * 60)]),
                    rotation: Rotation(renewAt: .age(5 * day), retryInterval: 30 * 60))
        #expect(r.services[0].failedRequests == 4)
        #expect(r.services[0].certificates[1].issuedAt == start + 5 * day + 2 * hour)
    }

    @Test func requestAtWindowStartDuringAnOutageWaitsWithoutExposure() {
        let r = one(CertificateAuthority(outages: [Outage(start: start - hour, duration: 3 * hour)]),
                    rotation: Rotation(renewAt: .age(5 * day), retryInterval: hour))
        let s = r.services[0]
        #expect(s.failedRequests == 2)  // at 0 and 1h; 2h is the outage's end
        #expect(s.certificates[0].issuedAt == start + 2 * hour)
        #expect(s.waitingSeconds == 2 * hour)
        #expect(s.exposedSeconds == 0)
    }

    @Test func rateLimitMakesExcessRequestsWaitForTheNextWindow() {
        let r = one(CertificateAuthority(rateLimit: RateLimit(count: 1, per: 60)),
                    services: [Service(name: "stock", tasks: 3)], duration: day)
        let s = r.services[0]
        #expect(s.certificates.map(\.issuedAt).sorted() == [start, start + 60, start + 120])
        #expect(s.failedRequests == 0)
        #expect(s.waitingSeconds == 180)  // 0 + 60 + 120
        #expect(r.peakIssuancesPerMinute == 1)
    }

    @Test func issueLatencyDelaysEveryCertificateAndItsNotBefore() {
        let r = one(CertificateAuthority(issueLatency: 90))
        let s = r.services[0]
        #expect(s.certificates.map(\.issuedAt) == (0..<6).map { start + Int64($0) * (5 * day + 90) + 90 })
        #expect(s.certificates[0].notBefore == start + 90)
        #expect(s.certificates[0].notAfter == start + 90 + 7 * day)
        #expect(s.minMarginSeconds == 2 * day - 90)
    }

    @Test func backdateMovesNotBeforeAndTheRenewalEarlier() {
        let r = one(CertificateAuthority(backdate: hour))
        let s = r.services[0]
        // notBefore = issue - 1h; renewal at notBefore + 5d = previous issue + 5d - 1h.
        #expect(s.certificates.map(\.issuedAt) == (0..<7).map { start + Int64($0) * (5 * day - hour) })
        #expect(s.certificates[0].notBefore == start - hour)
        #expect(s.certificates[0].notAfter == start + 7 * day - hour)
        #expect(s.minMarginSeconds == 2 * day)
    }

    @Test func jitterStaysWithinBoundsAndIsDeterminedBySeed() {
        let rot = Rotation(renewAt: .age(5 * day), jitter: 0.1)
        let a = one(rotation: rot, seed: 7), b = one(rotation: rot, seed: 7), c = one(rotation: rot, seed: 8)
        #expect(a == b)
        #expect(a.services[0].certificates != c.services[0].certificates)
        let certs = a.services[0].certificates
        for (prev, next) in zip(certs, certs.dropFirst()) {
            let age = next.issuedAt - prev.notBefore
            #expect(age >= 5 * day - day / 2 && age <= 5 * day + day / 2)
        }
        #expect(Set(zip(certs, certs.dropFirst()).map { $1.issuedAt - $0.notBefore }).count > 1)
    }

    @Test func restartsReplaceTasksAndDropTheirCertificates() {
        let spec = Service(name: "stock", tasks: 1, restartsPerDay: 1)
        let r = one(services: [spec], seed: 3)
        // The restart times are the seed's draws: recompute them independently of the simulator.
        let draws = TaskDraws(seed: 3, start: start, skewMax: 0)
        var restarts: [EpochSeconds] = [], t = start
        while true {
            t = draws.restart(after: t, service: "stock", slot: 0, incarnation: restarts.count, perDay: 1)
            if t >= start + 30 * day { break }
            restarts.append(t)
        }
        let s = r.services[0]
        #expect(s.restarts == restarts.count)
        #expect(restarts.count > 10 && restarts.count < 60)
        // Each replacement requests a fresh certificate at once (no latency): issued at the restart.
        let firsts = s.certificates.filter { !$0.renewal }
        #expect(firsts.map(\.issuedAt) == [start] + restarts)
        #expect(firsts.map(\.task.incarnation) == Array(0...restarts.count))
        // Renewals only where a task lived past 5 days; dropped certificates never set the margin.
        let renewals = s.certificates.filter(\.renewal)
        #expect(s.minMarginSeconds == (renewals.isEmpty ? nil : 2 * day))
        #expect(s.issuances == 1 + restarts.count + renewals.count)
    }

    @Test func churnTooFastForRenewalsLeavesNoMargin() {
        let r = one(services: [Service(name: "stock", tasks: 5, restartsPerDay: 10)])
        #expect(r.services[0].minMarginSeconds == nil)
        #expect(r.services[0].certificates.allSatisfy { !$0.renewal })
    }

    /// A seed whose only client task's clock runs behind by more than `beyond` seconds.
    func seedWithClientBehind(skew: Int64, beyond: Int64) -> (UInt64, Int64) {
        for seed in UInt64(0)..<1000 {
            let o = TaskDraws(seed: seed, start: start, skewMax: skew).skew(service: "frontend", slot: 0, incarnation: 0)
            if o < -beyond { return (seed, o) }
        }
        Issue.record("no seed found")
        return (0, 0)
    }

    @Test func clientClockBehindSeesFreshCertificatesAsNotYetValid() {
        let (seed, offset) = seedWithClientBehind(skew: 60, beyond: 10)
        let services = [Service(name: "frontend"), Service(name: "stock", clients: ["frontend"])]
        let r = one(services: services, skew: 60, seed: seed)
        // Each of stock's 6 certificates looks not yet valid for -offset seconds after issue.
        #expect(r.services[1].notYetValidSeconds == 6 * -offset)
        #expect(r.services[1].exposureWindows.count == 6)
        #expect(r.services[1].exposureWindows.first == ExposureWindow(start: start, end: start - offset,
                                                                      task: TaskID(slot: 0, incarnation: 0), kind: .notYetValid))
        // frontend has no clients: nobody judges its certificates.
        #expect(r.services[0].notYetValidSeconds == 0)
        // A backdate of 5 seconds takes 5 seconds off each; one of at least the skew removes it.
        let backdated = one(CertificateAuthority(backdate: 5), services: services, skew: 60, seed: seed)
        let certs: Int64 = Int64(backdated.services[1].issuances)
        let each: Int64 = -offset - 5
        #expect(certs == 7)  // renewals every 5d - 5s: the 7th lands 30 s before the window ends,
        // so its exposure is cut at the window end.
        #expect(backdated.services[1].notYetValidSeconds == 6 * each + min(each, 30))
        #expect(one(CertificateAuthority(backdate: 60), services: services, skew: 60, seed: seed).services[1].notYetValidSeconds == 0)
    }

    @Test func rolloverWhoseTrustComesLateLeavesNewCertificatesUntrusted() {
        let ca = CertificateAuthority(rollover: Rollover(at: start + 4 * day, trustNewFrom: start + 6 * day))
        let services = [Service(name: "frontend"), Service(name: "stock", clients: ["frontend"])]
        let r = one(ca, services: services)
        // stock's day-5 renewal comes from the new CA, which clients trust from day 6.
        #expect(r.services[1].untrustedSeconds == day)
        #expect(r.services[1].exposureWindows == [ExposureWindow(start: start + 5 * day, end: start + 6 * day,
                                                                 task: TaskID(slot: 0, incarnation: 0), kind: .untrusted)])
        #expect(r.services[1].certificates.map(\.fromNewCA) == [false, true, true, true, true, true])
        // frontend has no clients: no untrusted exposure, whatever its CA.
        #expect(r.services[0].untrustedSeconds == 0)
        // Trust distributed before the rollover: nothing.
        let early = one(CertificateAuthority(rollover: Rollover(at: start + 4 * day, trustNewFrom: start + 3 * day)), services: services)
        #expect(early.services[1].untrustedSeconds == 0)
    }

    @Test func retiringTheOldCABeforeItsCertificatesAreReplacedMergesIntoOneWindow() {
        let ca = CertificateAuthority(rollover: Rollover(at: start + 20 * day, retireOld: start + 12 * day))
        let r = one(ca, services: [Service(name: "frontend"), Service(name: "stock", clients: ["frontend"])])
        // Old-CA certificates of days 10 and 15 are presented on [12d, 15d) and [15d, 20d): one
        // maximal window of 8 days for the task.
        #expect(r.services[1].untrustedSeconds == 8 * day)
        #expect(r.services[1].exposureWindows == [ExposureWindow(start: start + 12 * day, end: start + 20 * day,
                                                                 task: TaskID(slot: 0, incarnation: 0), kind: .untrusted)])
    }

    @Test func peakIssuancesCountsUTCCalendarMinutes() {
        // Windows of 20 s admit two requests each: completions at 50, 50, 70, 70 seconds. Any
        // sliding 60 s span holds all four; calendar minutes [0, 60) and [60, 120) hold two each.
        let r = one(CertificateAuthority(issueLatency: 50, rateLimit: RateLimit(count: 2, per: 20)),
                    services: [Service(name: "stock", tasks: 4)], duration: day)
        #expect(r.services[0].certificates.map(\.issuedAt).sorted() == [50, 50, 70, 70].map { start + $0 })
        #expect(r.peakIssuancesPerMinute == 2)
        let same = one(CertificateAuthority(rateLimit: RateLimit(count: 2, per: 20)), services: [Service(name: "stock", tasks: 4)], duration: day)
        #expect(same.peakIssuancesPerMinute == 4)  // at 0, 0, 20, 20: one minute
    }

    @Test func rateLimitTurnInsideAnOutageFails() {
        // Two tasks, 1 request a minute; the CA goes down at 30 s for 10 minutes. Task 0 gets its
        // turn at 0; task 1's turn (60 s) is inside the outage: it fails and retries 15m later.
        let r = one(CertificateAuthority(rateLimit: RateLimit(count: 1, per: 60), outages: [Outage(start: start + 30, duration: 600)]),
                    services: [Service(name: "stock", tasks: 2)], duration: day)
        #expect(r.services[0].failedRequests == 1)
        #expect(r.services[0].certificates.map(\.issuedAt).sorted() == [start, start + 60 + 900])
    }

    @Test func expiredExposureStopsAtTheWindowEnd() {
        // Renewal at age 8d, above the 7d lifetime: expired from day 7 until the window ends at 7.5.
        let r = one(rotation: Rotation(renewAt: .age(8 * day)), duration: 7 * day + 12 * hour)
        #expect(r.services[0].expiredSeconds == 12 * hour)
        #expect(r.services[0].issuances == 1)
        // Over 10 days the renewal at day 8 ends it: [7d, 8d) expired, margin -1d.
        let longer = one(rotation: Rotation(renewAt: .age(8 * day)), duration: 10 * day)
        #expect(longer.services[0].expiredSeconds == day)
        #expect(longer.services[0].minMarginSeconds == -day)
    }

    @Test func sameScenarioAndSeedGiveByteIdenticalOutput() throws {
        let loaded = try ScenarioReader.load(path: Fix.repo + "/Certs/scenarios/demo.yaml")
        func render(_ seed: UInt64) throws -> String {
            var s = loaded.scenario
            s.seed = seed
            let result = Simulator.run(s)
            return try RotationDocument(file: "demo.yaml", result: result, cost: .compute(for: result)).render()
        }
        #expect(try render(42) == render(42))
        #expect(try render(42) != render(43))
    }
}

@Suite struct StrategyTests {
    /// Without a rate limit tasks are independent and run one after the other; the global event
    /// queue must give exactly the same result.
    @Test func perTaskLoopsAndTheGlobalQueueAgree() throws {
        for name in ["demo", "demo-hardened"] {
            var s = try ScenarioReader.load(path: Fix.repo + "/Certs/scenarios/\(name).yaml").scenario
            s.ca.rateLimit = nil
            s.services = s.services.map { var x = $0; x.restartsPerDay = 2; return x }
            let a = Simulator.run(s, options: .init(recordCertificates: true, strategy: .automatic))
            var b = Simulator.run(s, options: .init(recordCertificates: true, strategy: .eventQueue))
            // Certificates are listed in processing order; compare them as sets of facts.
            for k in b.services.indices {
                b.services[k].certificates.sort { ($0.issuedAt, $0.task) < ($1.issuedAt, $1.task) }
            }
            var a2 = a
            for k in a2.services.indices {
                a2.services[k].certificates.sort { ($0.issuedAt, $0.task) < ($1.issuedAt, $1.task) }
            }
            #expect(a2 == b, "\(name)")
            #expect(a.hasExposure || name == "demo-hardened")
        }
    }

    /// Sorts what is listed in processing order, so that runs can be compared as sets of facts.
    func canonical(_ r: SimulationResult) -> SimulationResult {
        var r = r
        for k in r.services.indices { r.services[k].certificates.sort { ($0.issuedAt, $0.task) < ($1.issuedAt, $1.task) } }
        return r
    }

    /// A fleet big enough (over 4,096 tasks) to be split across two threads, with every
    /// feature that touches exposure: the split run must equal the single global-queue run.
    @Test func splitRunEqualsTheGlobalQueue() {
        let services = (0..<500).map { i in
            Service(name: "s\(i)", tasks: 10, restartsPerDay: 1, clients: i == 0 ? [] : ["s\(i - 1)"])
        }
        let s = Scenario(start: Fix.start, duration: 20 * Fix.day, seed: 11,
                         ca: CertificateAuthority(backdate: 1, issueLatency: 20,
                                                  outages: [Outage(start: Fix.at(days: 4), duration: 60 * Fix.hour)],
                                                  rollover: Rollover(at: Fix.at(days: 9), trustNewFrom: Fix.at(days: 9.2), retireOld: Fix.at(days: 12))),
                         rotation: Rotation(renewAt: .age(5 * Fix.day), jitter: 0.1), clockSkewMax: 3, services: services)
        let split = Simulator.run(s, options: .init(recordCertificates: true))
        let queue = Simulator.run(s, options: .init(recordCertificates: true, strategy: .eventQueue))
        #expect(canonical(split) == canonical(queue))
        #expect(split.hasExposure && split.totals.notYetValidSeconds > 0 && split.totals.untrustedSeconds > 0)
    }

    /// The cost alternative counted as a second track in the same pass equals its own run.
    @Test func alternativeTrackEqualsASeparateRun() throws {
        var s = try ScenarioReader.load(path: Fix.repo + "/Certs/scenarios/demo.yaml").scenario
        s.ca.rateLimit = nil
        for gp in [false, true] {
            if gp { s.ca.mode = .generalPurpose; s.ca.lifetime = 90 * Fix.day; s.rotation.renewAt = .modeDefault }
            let (r1, c1) = CostComparison.simulate(s, options: .init())
            let (r2, c2) = CostComparison.simulateSeparately(s, options: .init())
            #expect(r1 == r2)
            #expect(c1 == c2)
            #expect(c1.alternative.certificates > 0)
        }
    }
}
