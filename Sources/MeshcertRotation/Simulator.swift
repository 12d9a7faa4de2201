import Foundation
import MeshcertSupport

/// What to keep besides the per-service sums.
public struct SimulationOptions: Sendable {
    /// Exposure windows (and the client-clock work for not-yet-valid exposure).
    public var recordExposure: Bool
    /// Every issued certificate, for the timeline.
    public var recordCertificates: Bool
    /// How events are ordered (the results are identical; see `Strategy`).
    public var strategy: Strategy
    /// Also count the issuances of the cost alternative (`CostComparison.alternativeScenario`)
    /// in the same pass (`SimulationResult.alternative`); not with the global event queue.
    public var alternative: Bool
    /// Certificates kept for the timeline (`SimulationResult.certificateLimit`; lower in tests).
    var certificateLimit = SimulationResult.certificateLimit
    public init(recordExposure: Bool = true, recordCertificates: Bool = false, strategy: Strategy = .automatic,
                alternative: Bool = false) {
        self.recordExposure = recordExposure
        self.recordCertificates = recordCertificates
        self.strategy = strategy
        self.alternative = alternative
    }

    public enum Strategy: Sendable {
        /// Per-task event loops; with a rate limit, slice by slice with the turns resolved in
        /// global order (`LimitedRun`).
        case automatic
        /// Always the global event queue (tests compare both).
        case eventQueue
    }
}

/// The event-driven rotation simulator. Each task slot has at most one pending event (its next
/// restart, request or completion), so run time grows with the number of events, not with the
/// seconds simulated. Each task's events are processed in its own time order, one task after the
/// other: the same steps and the same results as one priority queue (`CalendarQueue`) over all
/// events in global time order (every draw is keyed by task, not by processing order; sums,
/// minima and the per-minute histogram do not depend on order; windows are sorted at the end)
/// without the queue's cache misses. Tasks only interact through the CA's rate limit (first come,
/// first served); with one, `LimitedRun` resolves the turns in global order slice by slice. The
/// queue remains as the reference the tests compare against. See docs/rotation-semantics.md
/// for the exact semantics.
public enum Simulator {
    public static func run(_ scenario: Scenario, options: SimulationOptions = .init()) -> SimulationResult {
        let shared = Shared(scenario: scenario, options: options)
        let total = scenario.services.reduce(0) { $0 + $1.tasks }
        if shared.limited {
            if let result = LimitedRun.run(shared, tasks: total) { return result }
            // Slicing does not pay here: the global queue, whose results are the same.
            var queue = options
            queue.strategy = .eventQueue
            return run(scenario, options: queue)
        }
        guard shared.perTask && total >= 4096 else {
            var engine = Engine(shared: shared, slots: 0..<total)
            engine.run()
            var result = Engine.merge([engine])
            if shared.perTask { result.listCertificatesInQueueOrder() }
            return result
        }
        // Independent tasks: two halves of the slots on two threads, merged in slot order (the
        // merge adds, takes minima and sorts, so the result does not depend on the split).
        let box = EngineBox()
        let half = total / 2
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            var engine = Engine(shared: shared, slots: i == 0 ? 0..<half : half..<total, parts: 2)
            engine.run()
            box.set(i, engine)
        }
        var result = Engine.merge(box.engines.map { $0! })
        result.listCertificatesInQueueOrder()
        return result
    }
}

extension SimulationResult {
    /// Per-task runs list each service's certificates task after task; the global queue lists
    /// them by issue time, then slot (a slot's own in the order it got them). Found by the
    /// differential fuzzer: only the order differed, which the timeline draws in. (A timeline
    /// cut at `certificateLimit` still keeps per-task runs' first certificates task by task.)
    mutating func listCertificatesInQueueOrder() {
        for s in services.indices where services[s].certificates.count > 1 {
            services[s].certificates = services[s].certificates.enumerated()
                .sorted { ($0.element.issuedAt, $0.element.task.slot, $0.offset) < ($1.element.issuedAt, $1.element.task.slot, $1.offset) }
                .map(\.element)
        }
    }
}

/// The two halves of a split run: each index written by exactly one iteration, read after both.
private final class EngineBox: @unchecked Sendable {
    var engines: [Engine?] = [nil, nil]
    func set(_ i: Int, _ e: Engine) { engines[i] = e }
}

/// One task slot's state (64 bytes: one cache line, as the global queue visits slots in time
/// order). The slot keeps its index across restarts; `incarnation` counts them.
struct Slot {
    /// Draw key of this slot (seed, service, slot index), see `Draw.key`.
    var key: UInt64
    var service: Int32
    var index: Int32
    var incarnation: Int32 = 0
    /// Certificates completed by the current task (numbers the jitter draws).
    var certificates: Int32 = 0
    var hasCertificate = false
    var fromNewCA = false
    var actionIsCompletion = false
    /// When the current task started (window start or its restart): waiting is measured from here.
    var startedAt: EpochSeconds = 0
    var notBefore: EpochSeconds = 0
    var nextRestart: EpochSeconds = .max
    /// Next request (renewal due, retry, first request) or completion of an accepted request.
    var actionAt: EpochSeconds = .max

    var next: EpochSeconds { min(nextRestart, actionAt) }

    /// notAfter is notBefore + lifetime; the issue time is notBefore + backdate.
    @inline(__always) func notAfter(_ lifetime: Int64) -> EpochSeconds { notBefore + lifetime }
}

/// The cost alternative's track of a slot (other mode's lifetime and renewal), sharing the
/// slot's restarts: its next request or completion (never, when not simulated), its
/// certificate's notBefore and its certificate count.
struct AltTrack {
    var actionAt: EpochSeconds = .max
    var notBefore: EpochSeconds = 0
    var certificates: Int32 = 0
    var isCompletion = false
}

/// What every part of a run shares: the scenario's constants and the precomputed client clocks.
struct Shared: Sendable {
    let scenario: Scenario
    let options: SimulationOptions
    let outages: [Outage]
    /// Per service: does anyone call it (only then can clients reject its certificates)?
    let hasClients: [Bool]
    /// Per service: mean seconds between restarts (kept apart from `scenario` for the hot loop).
    let meanGaps: [Double]
    /// Per service: the smallest clock offset among its client tasks over time (only built when
    /// skew can exceed the backdate, i.e. when a fresh certificate can look not yet valid).
    let clientClocks: [StepFunction?]
    /// Tasks are independent (no rate limit): per-task loops, and possibly the alternative track.
    let perTask: Bool
    /// Tasks interact through a rate limit, and the turns are resolved slice by slice (`LimitedRun`).
    let limited: Bool
    /// The cost alternative's lifetime and renewal age, when its track is simulated.
    let alternative: (lifetime: Int64, renewAt: Int64)?

    init(scenario: Scenario, options: SimulationOptions) {
        self.scenario = scenario
        self.options = options
        outages = Engine.merged(scenario.ca.outages)
        perTask = scenario.ca.rateLimit == nil && options.strategy == .automatic
        limited = scenario.ca.rateLimit != nil && options.strategy == .automatic
        let other = CostComparison.alternativeScenario(scenario)
        alternative = (perTask || limited) && options.alternative ? (other.ca.lifetime, other.renewAtSeconds) : nil
        var index: [String: Int] = [:]
        for (i, s) in scenario.services.enumerated() { index[s.name] = i }
        let clientsOf = scenario.services.map { s in s.clients.compactMap { index[$0] }.filter { scenario.services[$0].tasks > 0 } }
        hasClients = clientsOf.map { !$0.isEmpty }
        meanGaps = scenario.services.map { TaskDraws.meanGap(perDay: $0.restartsPerDay) }
        var clocks = [StepFunction?](repeating: nil, count: scenario.services.count)
        if options.recordExposure && scenario.clockSkewMax > scenario.ca.backdate {
            let draws = TaskDraws(seed: scenario.seed, start: scenario.start, skewMax: scenario.clockSkewMax)
            var perClient: [Int: StepFunction] = [:]
            for (s, clients) in clientsOf.enumerated() where !clients.isEmpty {
                let fs = clients.map { c in
                    if let f = perClient[c] { return f }
                    let f = draws.minimumOffset(spec: scenario.services[c], end: scenario.end)
                    perClient[c] = f
                    return f
                }
                clocks[s] = StepFunction.minimum(fs)
            }
        }
        clientClocks = clocks
    }
}

/// Simulates the task slots in `range` (global slot numbers: services in file order, then task
/// index). A whole run is one engine, or two over halves of the slots when tasks are independent.
struct Engine {
    let shared: Shared
    let range: Range<Int>
    let scenario: Scenario
    let options: SimulationOptions
    let start: EpochSeconds
    let end: EpochSeconds
    let lifetime: Int64
    let backdate: Int64
    let latency: Int64
    let retry: Int64
    let renewAt: Int64
    let jitter: Double
    let outages: [Outage]
    let rollover: Rollover?
    let draws: TaskDraws
    let hasClients: [Bool]
    let meanGaps: [Double]
    let clientClocks: [StepFunction?]
    let hasAlternative: Bool
    let altRenewAt: Int64

    var slots: [Slot] = []
    var alts: [AltTrack] = []
    /// Per slot, the index in its service's window list of the last window of each kind (-1:
    /// none), so that adjoining intervals of one task merge into one maximal window.
    var lastWindows: [(Int32, Int32, Int32)] = []
    /// The slot being stepped (for `lastWindows`).
    var current = 0
    var limiter: RateLimiter?
    /// Requests take their turns from `turns` (resolved by `runLimited`), not from `limiter`.
    var resolved = false
    var turns: [EpochSeconds] = []
    var turnCursor = 0
    var altTurns: [EpochSeconds] = []
    var altTurnCursor = 0
    /// Restart times and jittered renewal ages drawn by the slice's dry run, replayed in the
    /// same order by its real run.
    var replayRestarts: [Int64] = []
    var restartCursor = 0
    var replayAges: [Int64] = []
    var ageCursor = 0
    var services: [ServiceResult]
    /// Issuances per UTC calendar minute, indexed from the minute holding the window start.
    var perMinute: [UInt32]
    let firstMinute: Int64
    var perPeriod: [Int]
    var events = 0
    var altPerPeriod: [Int]
    var altEvents = 0
    /// Certificates this engine may still record for the timeline (bounded memory).
    var certificateBudget: Int
    var certificatesTruncated = false

    static let period: Int64 = 30 * 86400

    init(shared: Shared, slots range: Range<Int>, parts: Int = 1) {
        self.shared = shared
        self.range = range
        certificateBudget = shared.options.certificateLimit / parts
        let scenario = shared.scenario
        self.scenario = scenario
        options = shared.options
        start = scenario.start
        end = scenario.end
        lifetime = scenario.ca.lifetime
        backdate = scenario.ca.backdate
        latency = scenario.ca.issueLatency
        retry = max(1, scenario.rotation.retryInterval)
        renewAt = scenario.renewAtSeconds
        jitter = scenario.rotation.jitter
        outages = shared.outages
        rollover = scenario.ca.rollover
        draws = TaskDraws(seed: scenario.seed, start: scenario.start, skewMax: scenario.clockSkewMax)
        limiter = scenario.ca.rateLimit.map { RateLimiter(count: max(1, $0.count), per: max(1, $0.per), start: scenario.start) }
        services = scenario.services.map { ServiceResult(name: $0.name, tasks: $0.tasks) }
        perPeriod = [Int](repeating: 0, count: Int((scenario.duration + Engine.period - 1) / Engine.period))
        altPerPeriod = perPeriod
        firstMinute = Engine.minute(scenario.start)
        perMinute = [UInt32](repeating: 0, count: Int(Engine.minute(scenario.end) - firstMinute + 1))
        hasClients = shared.hasClients
        meanGaps = shared.meanGaps
        clientClocks = shared.clientClocks
        hasAlternative = shared.alternative != nil
        altRenewAt = shared.alternative?.renewAt ?? 0
    }

    @inline(__always)
    static func minute(_ t: EpochSeconds) -> Int64 { t >= 0 ? t / 60 : (t - 59) / 60 }

    static func merged(_ outages: [Outage]) -> [Outage] {
        var out: [Outage] = []
        for o in outages.sorted(by: { $0.start < $1.start }) where o.duration > 0 {
            if let last = out.last, o.start <= last.end {
                out[out.count - 1].duration = max(last.end, o.end) - last.start
            } else {
                out.append(o)
            }
        }
        return out
    }

    /// Outages are half-open: a request at the exact end of one succeeds.
    @inline(__always)
    func outage(containing t: EpochSeconds) -> Int? { Engine.outage(containing: t, in: outages) }

    /// The index of the outage (sorted, merged) containing `t`, if any.
    @inline(__always)
    static func outage(containing t: EpochSeconds, in outages: [Outage]) -> Int? {
        var lo = 0, hi = outages.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if outages[mid].end <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo < outages.count && outages[lo].start <= t ? lo : nil
    }

    @inline(__always)
    func inOutage(_ t: EpochSeconds) -> Bool { outage(containing: t) != nil }

    mutating func run() {
        setUp()
        if shared.perTask { runPerTask() } else { runQueue() }
        closeWindow()
    }

    /// Every slot's first task, requesting a certificate at the window start.
    mutating func setUp() {
        var global = 0
        slots.reserveCapacity(range.count)
        for (s, spec) in scenario.services.enumerated() {
            // Only this engine's slots.
            let first = max(0, range.lowerBound - global), last = min(spec.tasks, range.upperBound - global)
            global += spec.tasks
            guard first < last else { continue }
            for i in first..<last {
                var slot = Slot(key: Draw.key(seed: scenario.seed, service: spec.name, task: i), service: Int32(s), index: Int32(i))
                slot.actionAt = start  // every task requests a certificate at the window start
                slot.startedAt = start
                slot.nextRestart = draws.restart(after: start, key: slot.key, incarnation: 0, meanGap: meanGaps[s])
                slots.append(slot)
                alts.append(AltTrack(actionAt: hasAlternative ? start : .max))
                lastWindows.append((-1, -1, -1))
            }
        }
    }

    /// The window closes: certificates still presented are judged up to its end.
    mutating func closeWindow() {
        for i in slots.indices {
            current = i
            var slot = slots[i]
            finish(&slot)
            slots[i] = slot
        }
    }

    /// Global time order through the calendar queue (needed when the rate limit couples tasks).
    mutating func runQueue() {
        guard start < end else { return }
        var queue = CalendarQueue(duration: end - start, slots: slots.count)
        for i in slots.indices { queue.push(offset: 0, slot: i) }
        while let (offset, i) = queue.pop() {
            let t = start + offset
            // Process everything this slot has due at t (a zero-latency completion follows its
            // request) on a local copy, written back once.
            current = i
            var slot = slots[i]
            var none = AltTrack()  // the queue runs without the alternative track
            var next = t
            while next == t {
                step(&slot, &none, at: t)
                next = slot.next
            }
            slots[i] = slot
            if next < end { queue.push(offset: next - start, slot: i) }
        }
    }

    /// Independent tasks: each task's own events in time order. Tasks advance together one
    /// week at a time so that the per-minute issuance histogram being written stays in cache.
    mutating func runPerTask() {
        var sliceEnd = start
        while sliceEnd < end {
            sliceEnd = min(end, sliceEnd + Engine.slice)
            realRun(until: sliceEnd)
        }
    }

    /// Every task alone up to `sliceEnd`, task after task: the per-task run's step, and the
    /// rate-limited slice for real (each request then taking its resolved turn in order).
    mutating func realRun(until sliceEnd: EpochSeconds) {
        for i in slots.indices {
            var t = min(slots[i].next, alts[i].actionAt)
            guard t < sliceEnd else { continue }
            current = i
            var slot = slots[i], alt = alts[i]
            repeat {
                step(&slot, &alt, at: t)
                t = min(slot.next, alt.actionAt)
            } while t < sliceEnd
            slots[i] = slot
            alts[i] = alt
        }
    }

    static let slice: Int64 = 7 * 86400

    mutating func finish(_ slot: inout Slot) {
        if slot.hasCertificate {
            retire(&slot, at: end)
        } else {
            services[Int(slot.service)].waitingSeconds += end - slot.startedAt
        }
    }

    @inline(__always)
    mutating func step(_ slot: inout Slot, _ alt: inout AltTrack, at t: EpochSeconds) {
        if alt.actionAt < slot.actionAt && alt.actionAt < slot.nextRestart {
            altStep(&alt, slot: slot, at: t)
            return
        }
        events += 1
        let s = Int(slot.service)
        if slot.nextRestart <= slot.actionAt {
            // Restart: the task is replaced; its certificate (and any request in flight) is dropped.
            if slot.hasCertificate { retire(&slot, at: t) } else { services[s].waitingSeconds += t - slot.startedAt }
            restart(&slot, at: t, next: nextRestart(slot, at: t))
            services[s].restarts += 1
            if hasAlternative {
                // The alternative's task restarts too (an event of its run as well).
                altEvents += 1
                alt.certificates = 0
                alt.actionAt = t
                alt.isCompletion = false
            }
        } else if slot.actionIsCompletion {
            complete(&slot, at: t)
        } else if let o = outage(containing: t) {
            failUntilUp(&slot, at: t, outage: o)
        } else if limiter != nil {
            if !take(&slot, request: t, turn: turn(for: t)) { services[s].failedRequests += 1 }
        } else {
            slot.actionAt = t + latency
            slot.actionIsCompletion = true
        }
    }

    /// The same control flow as `step`, restarts aside, without any bookkeeping (for
    /// `LimitedRun`'s dry runs; the jittered renewal ages drawn are appended to `ages`): returns
    /// true at a request that needs the rate limiter, which the caller answers.
    @inline(__always)
    func control(_ slot: inout Slot, at t: EpochSeconds, ages: inout [Int64]) -> Bool {
        if slot.actionIsCompletion {
            issue(&slot, at: t)
            let age = renewalAge(slot)
            if jitter > 0 { ages.append(age) }
            renew(&slot, at: t, age: age)
        } else if let o = outage(containing: t) {
            slot.actionAt = retries(from: t, outage: o, restart: slot.nextRestart).0
        } else {
            return true
        }
        return false
    }

    /// When the task that replaces the slot's current one at `t` will itself be replaced.
    @inline(__always)
    func drawRestart(_ slot: Slot, at t: EpochSeconds) -> EpochSeconds {
        draws.restart(after: t, key: slot.key, incarnation: Int(slot.incarnation) + 1, meanGap: meanGaps[Int(slot.service)])
    }

    /// The restart time drawn for a restart at `t`: replayed from the slice's dry run when the
    /// turns are resolved (the same restarts in the same order), else drawn.
    @inline(__always)
    mutating func nextRestart(_ slot: Slot, at t: EpochSeconds) -> EpochSeconds {
        guard resolved else { return drawRestart(slot, at: t) }
        let next = replayRestarts[restartCursor]
        restartCursor += 1
        return next
    }

    /// The task is replaced by a new one (next incarnation) that requests a certificate at once.
    @inline(__always)
    func restart(_ slot: inout Slot, at t: EpochSeconds, next: EpochSeconds) {
        slot.startedAt = t
        slot.incarnation += 1
        slot.certificates = 0
        slot.hasCertificate = false
        slot.nextRestart = next
        slot.actionAt = t
        slot.actionIsCompletion = false
    }

    /// When the rate limiter gives a request made at `t` its turn: from the limiter itself (global
    /// time order), or from the turns `LimitedRun` resolved for this slice, in request order.
    @inline(__always)
    mutating func turn(for t: EpochSeconds) -> EpochSeconds {
        if resolved {
            let at = turns[turnCursor]
            turnCursor += 1
            return at
        }
        var l = limiter!
        let turn = l.slot(for: t)
        if turn.at == t || !inOutage(turn.at) { l.take(turn.window) }
        limiter = l
        return turn.at
    }

    /// A request made at `t` got its turn at `at`. A turn that came later, inside an outage,
    /// fails there (the slot stays free; returns false) and retries `retry` later; otherwise the
    /// certificate is in hand `latency` after the turn.
    @inline(__always)
    func take(_ slot: inout Slot, request t: EpochSeconds, turn at: EpochSeconds) -> Bool {
        if at != t && inOutage(at) {
            slot.actionAt = at + retry
            return false
        }
        slot.actionAt = at + latency
        slot.actionIsCompletion = true
        return true
    }

    /// A request at `t` inside an outage fails, and so does every retry (each `retry` later) that
    /// still falls inside an outage. Rather than queueing each failed retry, count them and jump to
    /// the first retry that is not inside an outage, stopping early at a restart (which cancels the
    /// retries; a retry at the same second as the restart is not made) or at the window end.
    /// Failed requests have no other effect, so the result is the same as stepping through them.
    @inline(__always)
    mutating func failUntilUp(_ slot: inout Slot, at t: EpochSeconds, outage first: Int) {
        let (a, fails) = retries(from: t, outage: first, restart: slot.nextRestart)
        services[Int(slot.service)].failedRequests += fails
        slot.actionAt = a
    }

    /// The first retry after `t` outside every outage (or the restart / window end that comes
    /// first), and how many attempts failed before it.
    @inline(__always)
    func retries(from t: EpochSeconds, outage first: Int, restart: EpochSeconds) -> (EpochSeconds, Int) {
        var a = t, fails = 0, o = first
        while true {
            let limit = min(outages[o].end, restart, end)
            let k = (limit - a + retry - 1) / retry  // retries a, a+retry, ... before limit
            fails += Int(k)
            a += k * retry
            guard limit == outages[o].end, a < restart, a < end, let next = outage(containing: a) else { break }
            o = next
        }
        return (a, fails)
    }

    /// One event of the cost alternative's track: the same rules (requests, outages, retries,
    /// latency, backdate, jitter), another lifetime and renewal age, only issuances counted.
    @inline(__always)
    mutating func altStep(_ alt: inout AltTrack, slot: Slot, at t: EpochSeconds) {
        altEvents += 1
        if alt.isCompletion {
            altPerPeriod[Int((t - start) / Engine.period)] += 1
            altIssue(&alt, at: t, age: replayedAltAge(slot, alt))
        } else if let o = outage(containing: t) {
            alt.actionAt = retries(from: t, outage: o, restart: slot.nextRestart).0
        } else if resolved {
            // Rate-limited: the turn resolved for this request (see `take`).
            let at = altTurns[altTurnCursor]
            altTurnCursor += 1
            altTake(&alt, request: t, turn: at)
        } else {
            alt.actionAt = t + latency
            alt.isCompletion = true
        }
    }

    /// `altStep` without counting (for `LimitedRun`'s dry runs): true at a request.
    @inline(__always)
    func altControl(_ alt: inout AltTrack, slot: Slot, at t: EpochSeconds, ages: inout [Int64]) -> Bool {
        if alt.isCompletion {
            let age = altRenewalAge(slot, certificate: alt.certificates + 1)
            if jitter > 0 { ages.append(age) }
            altIssue(&alt, at: t, age: age)
        } else if let o = outage(containing: t) {
            alt.actionAt = retries(from: t, outage: o, restart: slot.nextRestart).0
        } else {
            return true
        }
        return false
    }

    /// The alternative's request made at `t` got its turn at `at` (the rules of `take`).
    @inline(__always)
    func altTake(_ alt: inout AltTrack, request t: EpochSeconds, turn at: EpochSeconds) {
        if at != t && inOutage(at) {
            alt.actionAt = at + retry
        } else {
            alt.actionAt = at + latency
            alt.isCompletion = true
        }
    }

    /// The alternative's certificate issued at `t`, renewed at `age`.
    @inline(__always)
    func altIssue(_ alt: inout AltTrack, at t: EpochSeconds, age: Int64) {
        alt.notBefore = t - backdate
        alt.certificates += 1
        alt.actionAt = max(alt.notBefore + age, t + 1)
        alt.isCompletion = false
    }

    /// The renewal age of the alternative's certificate number `n` of the current task.
    @inline(__always)
    func altRenewalAge(_ slot: Slot, certificate n: Int32) -> Int64 {
        guard jitter > 0 else { return altRenewAt }
        let u = Draw.unit(key: slot.key, incarnation: Int(slot.incarnation), .jitter, Int(n))
        return altRenewAt + Draw.round(Double(altRenewAt) * jitter * (2 * u - 1))
    }

    /// The alternative's renewal age for the certificate being completed, replayed or drawn.
    @inline(__always)
    mutating func replayedAltAge(_ slot: Slot, _ alt: AltTrack) -> Int64 {
        if resolved && jitter > 0 {
            let age = replayAges[ageCursor]
            ageCursor += 1
            return age
        }
        return altRenewalAge(slot, certificate: alt.certificates + 1)
    }

    /// A certificate is in hand: count it, replace the current one, schedule the renewal.
    @inline(__always)
    mutating func complete(_ slot: inout Slot, at t: EpochSeconds) {
        let s = Int(slot.service)
        services[s].issuances += 1
        perPeriod[Int((t - start) / Engine.period)] += 1
        perMinute[Int(Engine.minute(t) - firstMinute)] += 1

        let renewal = slot.hasCertificate
        if renewal {
            let margin = slot.notAfter(lifetime) - t
            services[s].minMarginSeconds = min(services[s].minMarginSeconds ?? margin, margin)
            retire(&slot, at: t)
        } else {
            services[s].waitingSeconds += t - slot.startedAt
        }
        issue(&slot, at: t)
        renew(&slot, at: t, age: replayedAge(slot))
        if options.recordCertificates && certificateBudget > 0 {
            certificateBudget -= 1
            if certificateBudget == 0 { certificatesTruncated = true }
            services[s].certificates.append(IssuedCertificate(
                task: TaskID(slot: Int(slot.index), incarnation: Int(slot.incarnation)), issuedAt: t,
                notBefore: slot.notBefore, notAfter: slot.notAfter(lifetime), renewal: renewal, fromNewCA: slot.fromNewCA))
        }
    }

    /// The certificate issued at `t` becomes the task's (then `renew` schedules its renewal).
    @inline(__always)
    func issue(_ slot: inout Slot, at t: EpochSeconds) {
        slot.hasCertificate = true
        slot.notBefore = t - backdate
        slot.fromNewCA = rollover.map { t >= $0.at } ?? false
        slot.certificates += 1
    }

    /// Renewal starts when the certificate issued at `t` reaches `age` (`renewalAge`), on the
    /// CA's clock; never before the certificate is in hand.
    @inline(__always)
    func renew(_ slot: inout Slot, at t: EpochSeconds, age: Int64) {
        slot.actionAt = max(slot.notBefore + age, t + 1)
        slot.actionIsCompletion = false
    }

    /// The age at which the slot's current certificate is renewed (jitter drawn per certificate).
    @inline(__always)
    func renewalAge(_ slot: Slot) -> Int64 {
        guard jitter > 0 else { return renewAt }
        let u = Draw.unit(key: slot.key, incarnation: Int(slot.incarnation), .jitter, Int(slot.certificates))
        return renewAt + Draw.round(Double(renewAt) * jitter * (2 * u - 1))
    }

    /// The renewal age of a certificate completed by the real run: replayed from the slice's dry
    /// run when the turns are resolved, else drawn (see `nextRestart`).
    @inline(__always)
    mutating func replayedAge(_ slot: Slot) -> Int64 {
        guard resolved && jitter > 0 else { return renewalAge(slot) }
        let age = replayAges[ageCursor]
        ageCursor += 1
        return age
    }

    /// The task stops presenting its certificate at `r`: measure its exposure over [issued, r).
    mutating func retire(_ slot: inout Slot, at r: EpochSeconds) {
        let s = Int(slot.service)
        let notBefore = slot.notBefore, notAfter = slot.notAfter(lifetime)
        let from = notBefore + backdate  // the issue time
        if notAfter < r { expose(&slot, kind: .expired, max(notAfter, from), r) }
        guard hasClients[s] else { return }
        if let ro = rollover {
            if slot.fromNewCA {
                if from < ro.trustNewFrom { expose(&slot, kind: .untrusted, from, min(r, ro.trustNewFrom)) }
            } else if let retire = ro.retireOld, retire < r {
                expose(&slot, kind: .untrusted, max(from, retire), r)
            }
        }
        if let clock = clientClocks[s] {
            // A client whose clock reads t + o sees the certificate as not yet valid while
            // t + o < notBefore; the client furthest behind decides.
            var p = clock.piece(at: from)
            let limit = min(r, notBefore + scenario.clockSkewMax)
            while p < clock.times.count && clock.times[p] < limit {
                let a = max(clock.times[p], from)
                let b = min(p + 1 < clock.times.count ? clock.times[p + 1] : end, limit, notBefore - clock.values[p])
                if a < b { expose(&slot, kind: .notYetValid, a, b) }
                p += 1
            }
        }
    }

    mutating func expose(_ slot: inout Slot, kind: ExposureKind, _ a: EpochSeconds, _ b: EpochSeconds) {
        guard a < b else { return }
        let s = Int(slot.service)
        services[s].add(seconds: b - a, kind: kind)
        guard options.recordExposure else { return }
        let last: Int32
        switch kind {
        case .expired: last = lastWindows[current].0
        case .notYetValid: last = lastWindows[current].1
        case .untrusted: last = lastWindows[current].2
        }
        // Merge with this task's previous window of the kind if it ends where this one starts
        // (the window of an earlier task of the slot never qualifies: other incarnation).
        if last >= 0 && services[s].exposureWindows[Int(last)].end == a
            && services[s].exposureWindows[Int(last)].task.incarnation == Int(slot.incarnation) {
            services[s].exposureWindows[Int(last)].end = b
            return
        }
        let task = TaskID(slot: Int(slot.index), incarnation: Int(slot.incarnation))
        services[s].exposureWindows.append(ExposureWindow(start: a, end: b, task: task, kind: kind))
        let n = Int32(services[s].exposureWindows.count - 1)
        switch kind {
        case .expired: lastWindows[current].0 = n
        case .notYetValid: lastWindows[current].1 = n
        case .untrusted: lastWindows[current].2 = n
        }
    }

    /// One result from the engines of a run, in slot order: counts add up, minima are taken, the
    /// per-minute histograms add up before their peak is read, windows are sorted.
    static func merge(_ parts: [Engine]) -> SimulationResult {
        var first = parts[0]
        for p in parts.dropFirst() {
            for k in first.services.indices {
                let o = p.services[k]
                first.services[k].restarts += o.restarts
                first.services[k].issuances += o.issuances
                first.services[k].failedRequests += o.failedRequests
                first.services[k].expiredSeconds += o.expiredSeconds
                first.services[k].notYetValidSeconds += o.notYetValidSeconds
                first.services[k].untrustedSeconds += o.untrustedSeconds
                first.services[k].waitingSeconds += o.waitingSeconds
                if let m = o.minMarginSeconds { first.services[k].minMarginSeconds = min(first.services[k].minMarginSeconds ?? m, m) }
                first.services[k].exposureWindows += o.exposureWindows
                first.services[k].certificates += o.certificates
            }
            for m in first.perMinute.indices { first.perMinute[m] += p.perMinute[m] }
            for q in first.perPeriod.indices {
                first.perPeriod[q] += p.perPeriod[q]
                first.altPerPeriod[q] += p.altPerPeriod[q]
            }
            first.events += p.events
            first.altEvents += p.altEvents
            first.certificatesTruncated = first.certificatesTruncated || p.certificatesTruncated
        }
        var out = first.services
        for k in out.indices {
            out[k].exposureWindows.sort { ($0.start, $0.task, $0.kind, $0.end) < ($1.start, $1.task, $1.kind, $1.end) }
        }
        return SimulationResult(scenario: first.scenario, services: out, peakIssuancesPerMinute: Int(first.perMinute.max() ?? 0),
                                issuancesPerPeriod: first.perPeriod, events: first.events,
                                alternative: first.hasAlternative
                                    ? AlternativeCount(issuancesPerPeriod: first.altPerPeriod, events: first.altEvents) : nil,
                                certificatesTruncated: first.certificatesTruncated)
    }
}
