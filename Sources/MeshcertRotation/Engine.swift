import MeshcertSupport

/// Simulates the task slots in `range` (global slot numbers: services in file order, then task
/// index). A whole run is one engine, or two over halves of the slots when tasks are independent.
/// The rules (`RotationRules`) decide each event; the engine orders the events (per task, global
/// queue, or slice by slice from `LimitedRun`) and keeps the books (`EngineBooks.swift`).
struct Engine {
    let shared: Shared
    let range: Range<Int>
    let scenario: Scenario
    let options: SimulationOptions
    let start: EpochSeconds
    let end: EpochSeconds
    let rules: RotationRules
    /// The cost alternative's rules (the scenario's when its track is not simulated).
    let altRules: RotationRules
    let hasAlternative: Bool
    let draws: TaskDraws
    let hasClients: [Bool]
    let meanGaps: [Double]
    let clientClocks: [StepFunction?]

    var slots: [Slot] = []
    /// The cost alternative's track of each slot.
    var alts: [RenewalTrack] = []
    /// Per slot, the index in its service's window list of the last window of each kind (-1:
    /// none), so that adjoining intervals of one task merge into one maximal window.
    var lastWindows: [(Int32, Int32, Int32)] = []
    /// The slot being stepped (for `lastWindows`).
    var current = 0
    var limiter: RateLimiter?
    /// Requests take their turns from `replay` (resolved by `LimitedRun`), not from `limiter`,
    /// and restart times and jittered ages come from there too.
    var resolved = false
    var replay = SliceReplay()
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
    /// Per-task runs advance all tasks a week at a time (see `runPerTask`).
    static let slice: Int64 = 7 * 86400

    init(shared: Shared, slots range: Range<Int>, parts: Int = 1) {
        self.shared = shared
        self.range = range
        certificateBudget = shared.options.certificateLimit / parts
        let scenario = shared.scenario
        self.scenario = scenario
        options = shared.options
        start = scenario.start
        end = scenario.end
        rules = shared.rules
        altRules = shared.altRules ?? shared.rules
        hasAlternative = shared.altRules != nil
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
    }

    @inline(__always)
    static func minute(_ t: EpochSeconds) -> Int64 { t >= 0 ? t / 60 : (t - 59) / 60 }

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
                slot.track.actionAt = start  // every task requests a certificate at the window start
                slot.startedAt = start
                slot.nextRestart = draws.restart(after: start, key: slot.key, incarnation: 0, meanGap: meanGaps[s])
                slots.append(slot)
                alts.append(RenewalTrack(actionAt: hasAlternative ? start : .max))
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
            var none = RenewalTrack()  // the queue runs without the alternative track
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

    // MARK: Events, with bookkeeping (every real run) and without (`LimitedRun`'s dry runs)

    /// The slot's next event at `t` (of either track), decided by the rules and counted.
    @inline(__always)
    mutating func step(_ slot: inout Slot, _ alt: inout RenewalTrack, at t: EpochSeconds) {
        if slot.alternativeComesFirst(alt) {
            altStep(&alt, slot: slot, at: t)
            return
        }
        events += 1
        let s = Int(slot.service)
        if slot.restartComesFirst {
            // The task is replaced; its certificate (and any request in flight) is dropped.
            if slot.hasCertificate { retire(&slot, at: t) } else { services[s].waitingSeconds += t - slot.startedAt }
            restart(&slot, &alt, at: t, next: nextRestart(slot, at: t))
            services[s].restarts += 1
            if hasAlternative { altEvents += 1 }  // the alternative's task restarts too: an event of its run
            return
        }
        switch rules.due(&slot.track, at: t, restart: slot.nextRestart) {
        case .completion:
            complete(&slot, at: t)
        case .failed(let fails):
            services[s].failedRequests += fails
        case .request:
            let at = limiter == nil ? t : turn(for: t)
            if !rules.take(&slot.track, request: t, turn: at) { services[s].failedRequests += 1 }
        }
    }

    /// One event of the cost alternative's track: the same rules, its own renewal age; only
    /// issuances are counted.
    @inline(__always)
    mutating func altStep(_ alt: inout RenewalTrack, slot: Slot, at t: EpochSeconds) {
        altEvents += 1
        switch altRules.due(&alt, at: t, restart: slot.nextRestart) {
        case .completion:
            altPerPeriod[Int((t - start) / Engine.period)] += 1
            let age = renewalAge(slot, alt, alternative: true)
            altRules.issue(&alt, at: t, age: age)
        case .failed:
            break
        case .request:
            // Rate-limited: the turn resolved for this request; else at once.
            let at = resolved ? replay.nextAltTurn() : t
            _ = altRules.take(&alt, request: t, turn: at)
        }
    }

    /// A track's event in a dry run (`LimitedRun`): `step`'s rules without bookkeeping. Returns
    /// true at a request, which the caller gives its guessed turn; appends the jittered renewal
    /// ages drawn to `ages`, for the real run to replay.
    @inline(__always)
    func dryStep(_ track: inout RenewalTrack, rules: RotationRules, slot key: UInt64, incarnation: Int32,
                 restart: EpochSeconds, at t: EpochSeconds, ages: inout [Int64]) -> Bool {
        switch rules.due(&track, at: t, restart: restart) {
        case .completion:
            let age = rules.renewalAge(key: key, incarnation: incarnation, certificate: track.certificates + 1)
            if rules.jitter > 0 { ages.append(age) }
            rules.issue(&track, at: t, age: age)
            return false
        case .failed:
            return false
        case .request:
            return true
        }
    }

    /// The task is replaced by a new one (next incarnation) that requests a certificate at once;
    /// so is its alternative.
    @inline(__always)
    func restart(_ slot: inout Slot, _ alt: inout RenewalTrack, at t: EpochSeconds, next: EpochSeconds) {
        slot.startedAt = t
        slot.incarnation += 1
        slot.hasCertificate = false
        slot.nextRestart = next
        rules.restart(&slot.track, at: t)
        if hasAlternative { altRules.restart(&alt, at: t) }
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
            let margin = slot.notAfter(rules.lifetime) - t
            services[s].minMarginSeconds = min(services[s].minMarginSeconds ?? margin, margin)
            retire(&slot, at: t)
        } else {
            services[s].waitingSeconds += t - slot.startedAt
        }
        slot.hasCertificate = true
        slot.fromNewCA = rules.fromNewCA(issuedAt: t)
        let age = renewalAge(slot, slot.track, alternative: false)
        rules.issue(&slot.track, at: t, age: age)
        if options.recordCertificates && certificateBudget > 0 {
            certificateBudget -= 1
            if certificateBudget == 0 { certificatesTruncated = true }
            services[s].certificates.append(IssuedCertificate(
                task: TaskID(slot: Int(slot.index), incarnation: Int(slot.incarnation)), issuedAt: t,
                notBefore: slot.track.notBefore, notAfter: slot.notAfter(rules.lifetime), renewal: renewal, fromNewCA: slot.fromNewCA))
        }
    }

    // MARK: Draws and turns: drawn or taken here, or replayed from `LimitedRun`'s slice

    /// The renewal age of the certificate `track` is completing: replayed from the slice's dry
    /// run when the turns are resolved, else drawn.
    @inline(__always)
    mutating func renewalAge(_ slot: Slot, _ track: RenewalTrack, alternative: Bool) -> Int64 {
        if resolved && rules.jitter > 0 { return replay.nextAge() }
        let n = track.certificates + 1
        return alternative ? altRules.renewalAge(key: slot.key, incarnation: slot.incarnation, certificate: n)
            : rules.renewalAge(key: slot.key, incarnation: slot.incarnation, certificate: n)
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
        resolved ? replay.nextRestart() : drawRestart(slot, at: t)
    }

    /// When the rate limiter gives a request made at `t` its turn: from the limiter itself (global
    /// time order), or from the turns `LimitedRun` resolved for this slice, in request order.
    @inline(__always)
    mutating func turn(for t: EpochSeconds) -> EpochSeconds {
        if resolved { return replay.nextTurn() }
        var l = limiter!
        let turn = l.slot(for: t)
        if !rules.turnFails(request: t, turn: turn.at) { l.take(turn.window) }
        limiter = l
        return turn.at
    }
}
