import Dispatch
import MeshcertSupport

/// Rate-limited runs without a global event queue (which visits the tasks in time order and so
/// misses the cache at every event once there are many of them).
///
/// Tasks interact only through the rate limiter, i.e. through the turns their requests get. The
/// window is cut into slices of a few days (`slice`). In each, every task first runs alone
/// (`Engine.dryRun`: the same rules, no bookkeeping) through the slice, giving each
/// of its requests a guessed turn (at once, or the turn the previous round resolved), and lists
/// its requests. The limiter then answers the listed requests in the queue's order (time, then
/// slot). If every answer equals its guess, the guesses are the real turns: by induction over
/// that order, each request depends only on the turns of the task's earlier requests, and each
/// turn only on the requests before it. The slice then runs for real, task by task, each request
/// taking its resolved turn. Otherwise the round repeats with the answers as guesses; each round
/// settles at least the earliest wrongly guessed request (usually all of them: a delayed turn
/// moves only that task's next renewal or retry, rarely inside the same slice). A slice still
/// unsettled after `maxRounds` is cut in two, down to single seconds if need be, where the second
/// round always settles (a request's turn can only move that task's later requests, which are in
/// a later second). The results are those of the global queue (tests compare them field for
/// field).
///
/// It gives up (returns nil, and the caller runs the global queue, which gives the same results)
/// where slicing does not pay: when a round would list more requests than `requestBudget` (tasks
/// renewing every few minutes: memory would grow with requests, not tasks), or after `maxCuts`
/// cuts (long chains of dependent turns: rounds would revisit every slot again and again).
///
/// As without a rate limit, the cost alternative is a second track of every task (sharing its
/// restarts) with its own limiter, and the slots are split over two threads for the dry and
/// real runs; the two tracks' resolutions, passes over the slice's requests, run side by side.
final class LimitedRun: @unchecked Sendable {
    /// One thread's share of the slots: its engine and its lists of the current and previous round.
    final class Part: @unchecked Sendable {
        var engine: Engine
        var lists = SliceLists()
        var previous = SliceLists()
        init(_ engine: Engine) { self.engine = engine }
    }

    /// One track's resolution (the scenario's, the cost alternative's): its limiter, the
    /// requests of all parts in one list, scratch space.
    final class Track: @unchecked Sendable {
        var limiter: RateLimiter
        var all = TrackRequests()
        var buffers = ResolveBuffers()
        init(_ limiter: RateLimiter) { self.limiter = limiter }
    }

    /// Three days: long enough that each pass over the slots has work for most of them, short
    /// enough that a delayed turn rarely moves a renewal into the same slice (measured: 1, 3 and
    /// 7 days on the benchmark fleet; 3 was fastest with and without queueing).
    static let slice: Int64 = 3 * 86400
    static let maxRounds = 6
    /// Cut slices before giving up: the benchmark fleets need none; chains of renewals seconds or
    /// minutes apart need thousands, where the queue is 10-40 times faster.
    static let maxCuts = 64
    /// Requests listed per part and round before giving up: 64 a task (the benchmark fleets list
    /// about 8 per task and slice), at least 2 M.
    static func requestBudget(slots: Int) -> Int { max(1 << 21, 64 * slots) }

    let parts: [Part]
    /// The scenario's track, then the alternative's if it is simulated.
    let tracks: [Track]
    /// The budget of certificates kept for the timeline (0: none recorded).
    let certificateBudget: Int
    let resolver: TurnResolver
    /// Slices cut so far (see `maxCuts`).
    var cuts = 0

    /// The run, or nil when slicing does not pay for this scenario (see the type's comment).
    static func run(_ shared: Shared, tasks: Int) -> SimulationResult? {
        let n = tasks >= 4096 ? 2 : 1
        let ranges = n == 1 ? [0..<tasks] : [0..<tasks / 2, tasks / 2..<tasks]
        let run = LimitedRun(parts: ranges.map { Part(Engine(shared: shared, slots: $0, parts: n)) }, shared: shared)
        run.parallel { $0.engine.setUp() }
        // Slices shrink (to a minute at least) while they need cutting, and grow back once one
        // settles in a round or two: renewals minutes apart make long chains of dependent turns.
        var sliceStart = shared.scenario.start, length = slice
        while sliceStart < shared.scenario.end {
            let sliceEnd = min(shared.scenario.end, sliceStart + length)
            guard let rounds = run.simulate(from: sliceStart, to: sliceEnd) else { return nil }
            length = rounds > maxRounds ? max(60, length / 4) : rounds <= 2 ? min(slice, length * 2) : length
            sliceStart = sliceEnd
        }
        run.parallel { $0.engine.closeWindow() }
        var result = Engine.merge(run.parts.map(\.engine))
        result.listCertificatesInQueueOrder()
        return result
    }

    init(parts: [Part], shared: Shared) {
        self.parts = parts
        let rate = shared.scenario.ca.rateLimit!
        let limiter = RateLimiter(count: max(1, rate.count), per: max(1, rate.per), start: shared.scenario.start)
        tracks = (shared.altRules != nil ? [0, 1] : [0]).map { _ in Track(limiter) }
        resolver = TurnResolver(start: shared.scenario.start, rules: shared.rules)
        certificateBudget = shared.options.recordCertificates ? shared.options.certificateLimit : 0
        for p in parts {
            p.engine.resolved = true
            if certificateBudget > 0 { p.engine.certificateBudget = .max }  // trimmed here instead
        }
    }

    func parallel(_ body: @Sendable (Part) -> Void) {
        if parts.count == 1 {
            body(parts[0])
        } else {
            DispatchQueue.concurrentPerform(iterations: parts.count) { body(parts[$0]) }
        }
    }

    /// One slice: rounds of dry runs and resolutions until the turns settle, then the real run.
    /// Returns the rounds it took (more than `maxRounds`: it had to be cut), nil when it gave up.
    func simulate(from s0: EpochSeconds, to s1: EpochSeconds) -> Int? {
        let recorded = certificateBudget > 0 && !parts.contains(where: \.engine.certificatesTruncated)
            ? parts.map { $0.engine.services.map(\.certificates.count) } : []
        let before = tracks.map(\.limiter)
        var settled: [RateLimiter]?
        var last = before, rounds = 0
        for round in 0..<LimitedRun.maxRounds {
            rounds = round + 1
            parallel { p in
                if round > 0 { swap(&p.lists, &p.previous) }
                p.engine.dryRun(&p.lists, until: s1, previous: round == 0 ? nil : p.previous,
                                budget: LimitedRun.requestBudget(slots: p.engine.slots.count))
            }
            if parts.contains(where: \.lists.overBudget) { return nil }
            if round > 0 && !parts.contains(where: \.lists.changed) {
                // The same requests as the round before: the limiter answers them as it did,
                // which is what this round assumed.
                for p in parts {
                    p.lists.main.turns = p.lists.main.guesses
                    p.lists.alt.turns = p.lists.alt.guesses
                }
                settled = last
                break
            }
            for (k, track) in tracks.enumerated() { track.limiter = before[k] }
            if resolve(from: s0, to: s1) {
                settled = tracks.map(\.limiter)
                break
            }
            last = tracks.map(\.limiter)
        }
        guard let settled else {
            // Too many rounds: the same in two halves (a single second always settles).
            cuts += 1
            guard cuts <= LimitedRun.maxCuts else { return nil }
            for (k, track) in tracks.enumerated() { track.limiter = before[k] }
            let mid = s0 + (s1 - s0) / 2
            guard simulate(from: s0, to: mid) != nil, simulate(from: mid, to: s1) != nil else { return nil }
            return LimitedRun.maxRounds + 1
        }
        parallel { p in
            // Swapped rather than copied: the buffers are reused slice after slice.
            swap(&p.engine.replay.turns, &p.lists.main.turns)
            swap(&p.engine.replay.altTurns, &p.lists.alt.turns)
            swap(&p.engine.replay.restarts, &p.lists.restarts)
            swap(&p.engine.replay.ages, &p.lists.ages)
            p.engine.replay.turnCursor = 0
            p.engine.replay.altTurnCursor = 0
            p.engine.replay.restartCursor = 0
            p.engine.replay.ageCursor = 0
            p.engine.realRun(until: s1)
            precondition(p.engine.replay.consumed, "rotate: a slice's real run took other steps than its dry run")
        }
        for (k, track) in tracks.enumerated() { track.limiter = settled[k] }
        if !recorded.isEmpty { trimCertificates(before: recorded) }
        return rounds
    }

    /// Both tracks' requests of every part answered by their limiters (the tracks side by side);
    /// true when every answer equals its guess.
    func resolve(from s0: EpochSeconds, to s1: EpochSeconds) -> Bool {
        let body: @Sendable (Int) -> Void = { k in
            // One list for all parts, in slot order.
            let track = self.tracks[k]
            track.all.times.removeAll(keepingCapacity: true)
            track.all.guesses.removeAll(keepingCapacity: true)
            for p in self.parts {
                let mine = k == 0 ? p.lists.main : p.lists.alt
                track.all.times.append(contentsOf: mine.times)
                track.all.guesses.append(contentsOf: mine.guesses)
            }
            self.resolver.resolve(&track.all, limiter: &track.limiter, from: s0, to: s1, buffers: &track.buffers)
        }
        if tracks.count == 2 {
            DispatchQueue.concurrentPerform(iterations: 2, execute: body)
        } else {
            body(0)
        }
        // Each part's turns from the joint lists.
        for (k, track) in tracks.enumerated() {
            var at = 0
            for p in parts {
                let n = (k == 0 ? p.lists.main : p.lists.alt).times.count
                let turns = Array(track.all.turns[at..<(at + n)])
                if k == 0 { p.lists.main.turns = turns } else { p.lists.alt.turns = turns }
                at += n
            }
        }
        return tracks.allSatisfy { $0.all.turns == $0.all.guesses }
    }

    /// The timeline keeps the first `certificateBudget` certificates in the global queue's order
    /// (issue time, then slot). Slices come in time order; within one, once the total passes
    /// the budget, only its earliest certificates are kept.
    func trimCertificates(before: [[Int]]) {
        let total = parts.reduce(0) { $0 + $1.engine.services.reduce(0) { $0 + $1.certificates.count } }
        guard total >= certificateBudget else { return }
        var fresh: [(at: EpochSeconds, slot: Int, part: Int, service: Int, index: Int)] = []
        for (k, p) in parts.enumerated() {
            var firstSlot = 0
            for s in p.engine.services.indices {
                for i in before[k][s]..<p.engine.services[s].certificates.count {
                    let c = p.engine.services[s].certificates[i]
                    fresh.append((c.issuedAt, firstSlot + c.task.slot, k, s, i))
                }
                firstSlot += p.engine.scenario.services[s].tasks
            }
        }
        fresh.sort { ($0.at, $0.slot) < ($1.at, $1.slot) }
        let keep = certificateBudget - before.reduce(0) { $0 + $1.reduce(0, +) }
        for (k, p) in parts.enumerated() {
            var drop = [Set<Int>](repeating: [], count: p.engine.services.count)
            for f in fresh[keep...] where f.part == k { drop[f.service].insert(f.index) }
            for s in drop.indices where !drop[s].isEmpty {
                p.engine.services[s].certificates = p.engine.services[s].certificates.enumerated()
                    .filter { !drop[s].contains($0.offset) }.map(\.element)
            }
            p.engine.certificatesTruncated = true
            p.engine.certificateBudget = 0
        }
    }
}

/// One track's requests in a slice, listed by the dry run: slot after slot, each slot's in time
/// order (so for equal times the list order is slot order, the queue's tie-break).
struct TrackRequests {
    /// When each request is made.
    var times: [EpochSeconds] = []
    /// The turn the dry run assumed for it.
    var guesses: [EpochSeconds] = []
    /// The turn the rate limiter gives it (`TurnResolver`).
    var turns: [EpochSeconds] = []
    /// Per slot, the index of its first request (one more entry: the total).
    var begin: [Int32] = []

    mutating func clear(slots: Int) {
        times.removeAll(keepingCapacity: true)
        guesses.removeAll(keepingCapacity: true)
        turns.removeAll(keepingCapacity: true)
        begin.removeAll(keepingCapacity: true)
        begin.reserveCapacity(slots + 1)
    }

    /// Were slot `i`'s requests all answered as guessed?
    func settled(_ i: Int) -> Bool {
        for k in Int(begin[i])..<Int(begin[i + 1]) where turns[k] != guesses[k] { return false }
        return true
    }
}

/// What a dry run lists for its slots: both tracks' requests and the draws it made.
struct SliceLists {
    var main = TrackRequests()
    var alt = TrackRequests()
    /// The restart times drawn (a logarithm each), slot after slot, in the order the real run
    /// needs them; they do not depend on turns, so later rounds reuse them.
    var restarts: [Int64] = []
    /// Per slot, the index of its first restart (one more entry: the total).
    var restartBegin: [Int32] = []
    /// The jittered renewal ages drawn, in the order the real run needs them.
    var ages: [Int64] = []
    /// Per slot, the index of its first age (one more entry: the total).
    var ageBegin: [Int32] = []
    /// Some task's requests differ from the previous round's (in number or time).
    var changed = false
    /// The round stopped listing: more requests than its budget (the run gives up).
    var overBudget = false
}

/// Scratch space of `TurnResolver.resolve`.
struct ResolveBuffers {
    var counts: [Int32] = []
    var bins: [Int32] = []
}

extension Engine {
    /// Every task alone through the slice, without bookkeeping: lists its requests (both tracks)
    /// and gives each the guessed turn (the previous round's answer for the same request, else
    /// at once). A task whose previous guesses were all answered as guessed makes the same
    /// requests and draws again: they are copied rather than recomputed.
    func dryRun(_ r: inout SliceLists, until sliceEnd: EpochSeconds, previous: SliceLists?, budget: Int) {
        r.main.clear(slots: slots.count)
        r.alt.clear(slots: slots.count)
        r.restarts.removeAll(keepingCapacity: true)
        r.restartBegin.removeAll(keepingCapacity: true)
        r.ages.removeAll(keepingCapacity: true)
        r.ageBegin.removeAll(keepingCapacity: true)
        r.changed = false
        r.overBudget = false
        for i in slots.indices {
            // Checked per slot: a slot lists at most a request per second and track in a slice.
            if r.main.times.count + r.alt.times.count + r.restarts.count > budget {
                r.overBudget = true
                return
            }
            r.main.begin.append(Int32(r.main.times.count))
            r.alt.begin.append(Int32(r.alt.times.count))
            r.restartBegin.append(Int32(r.restarts.count))
            r.ageBegin.append(Int32(r.ages.count))
            var slot = slots[i], alt = alts[i]
            var t = min(slot.next, alt.actionAt)
            guard t < sliceEnd else { continue }
            let pm = previous.map { (Int($0.main.begin[i]), Int($0.main.begin[i + 1])) } ?? (0, 0)
            let pa = previous.map { (Int($0.alt.begin[i]), Int($0.alt.begin[i + 1])) } ?? (0, 0)
            if let p = previous, p.main.settled(i) && p.alt.settled(i) {
                r.main.times.append(contentsOf: p.main.times[pm.0..<pm.1])
                r.main.guesses.append(contentsOf: p.main.turns[pm.0..<pm.1])
                r.alt.times.append(contentsOf: p.alt.times[pa.0..<pa.1])
                r.alt.guesses.append(contentsOf: p.alt.turns[pa.0..<pa.1])
                r.restarts.append(contentsOf: p.restarts[Int(p.restartBegin[i])..<Int(p.restartBegin[i + 1])])
                r.ages.append(contentsOf: p.ages[Int(p.ageBegin[i])..<Int(p.ageBegin[i + 1])])
                continue
            }
            let mine = (r.main.times.count, r.alt.times.count)
            // The previous round's restart times of this slot (the same whatever the turns).
            var known = previous.map { Int($0.restartBegin[i])..<Int($0.restartBegin[i + 1]) } ?? 0..<0
            // `step`'s order of events and rules (`dryStep`), the turns guessed.
            repeat {
                if slot.alternativeComesFirst(alt) {
                    if dryStep(&alt, rules: altRules, slot: slot.key, incarnation: slot.incarnation,
                               restart: slot.nextRestart, at: t, ages: &r.ages) {
                        let k = pa.0 + r.alt.times.count - mine.1
                        let guess = k < pa.1 ? max(t, previous!.alt.turns[k]) : t
                        r.alt.times.append(t)
                        r.alt.guesses.append(guess)
                        _ = altRules.take(&alt, request: t, turn: guess)
                    }
                } else if slot.restartComesFirst {
                    let next: EpochSeconds
                    if let k = known.first {
                        next = previous!.restarts[k]
                        known = known.dropFirst()
                    } else {
                        next = drawRestart(slot, at: t)
                    }
                    r.restarts.append(next)
                    restart(&slot, &alt, at: t, next: next)
                } else if dryStep(&slot.track, rules: rules, slot: slot.key, incarnation: slot.incarnation,
                                  restart: slot.nextRestart, at: t, ages: &r.ages) {
                    let k = pm.0 + r.main.times.count - mine.0
                    let guess = k < pm.1 ? max(t, previous!.main.turns[k]) : t
                    r.main.times.append(t)
                    r.main.guesses.append(guess)
                    _ = rules.take(&slot.track, request: t, turn: guess)
                }
                t = min(slot.next, alt.actionAt)
            } while t < sliceEnd
            if let p = previous, !r.changed {
                r.changed = !r.main.times[mine.0...].elementsEqual(p.main.times[pm.0..<pm.1])
                    || !r.alt.times[mine.1...].elementsEqual(p.alt.times[pa.0..<pa.1])
            }
        }
        r.main.begin.append(Int32(r.main.times.count))
        r.alt.begin.append(Int32(r.alt.times.count))
        r.restartBegin.append(Int32(r.restarts.count))
        r.ageBegin.append(Int32(r.ages.count))
    }
}

/// Answers a slice's requests of one track as its rate limiter would, in the global queue's order.
struct TurnResolver: Sendable {
    let start: EpochSeconds
    /// For the turn rule (`RotationRules.turnFails`).
    let rules: RotationRules

    /// The limiter's turn for every listed request, in the queue's order (time, then slot).
    /// Ordering is needed only where the limit can bind: a window (of the limiter) whose requests
    /// all fit in it, with no backlog from earlier ones, gives every request its turn at once.
    /// Which windows those are is decided on an upper bound of the limiter's fill (every request
    /// counted as taking its turn; a turn failing in an outage takes none, so the real fill is
    /// never higher); the other windows' requests are put in order and answered one by one.
    func resolve(_ r: inout TrackRequests, limiter: inout RateLimiter, from s0: EpochSeconds, to s1: EpochSeconds,
                 buffers: inout ResolveBuffers) {
        r.turns = r.times  // at once, unless the limit binds
        let n = r.times.count
        guard n > 0 else { return }
        let per = limiter.per, cap = Int64(limiter.count)
        let w0 = (s0 - start) / per
        let windows = Int((s1 - 1 - start) / per - w0 + 1)
        if windows > 32 * n + 1024 {
            // Few requests over many windows: sort them all.
            let keys = r.times.enumerated().map { UInt64($0.element - s0) << 32 | UInt64($0.offset) }.sorted()
            for k in keys { answer(&r, Int(k & 0xffff_ffff), limiter: &limiter) }
            return
        }
        // The limiter's window of a time, relative to the slice's first (no division at 1/s).
        @inline(__always) func window(_ t: EpochSeconds) -> Int { Int((per == 1 ? t - start : (t - start) / per) - w0) }
        buffers.counts.removeAll(keepingCapacity: true)
        buffers.counts.append(contentsOf: repeatElement(0, count: windows))
        for t in r.times { buffers.counts[window(t)] += 1 }
        // Fill position: window * cap + used. Mark the windows where the limit may bind (negative).
        var bound = limiter.window * cap + Int64(limiter.used)
        var binding = false
        for k in 0..<windows where buffers.counts[k] > 0 {
            let w = w0 + Int64(k), a = Int64(buffers.counts[k])
            bound = max(w * cap, bound) + a
            if bound > (w + 1) * cap {
                buffers.counts[k] = -buffers.counts[k]
                binding = true
            }
        }
        let counts = buffers.counts
        let sorted = binding ? inTimeOrder(r, from: s0, to: s1, where: { counts[window($0)] < 0 }, bins: &buffers.bins) : []
        var next = 0
        for k in 0..<windows where counts[k] != 0 {
            let w = w0 + Int64(k)
            if counts[k] > 0 {
                // All at once: the window's fill grows by its requests.
                let fill = max(w * cap, limiter.window * cap + Int64(limiter.used)) + Int64(counts[k])
                limiter.window = w
                limiter.used = Int(fill - w * cap)
            } else {
                for _ in 0..<Int(-counts[k]) {
                    answer(&r, Int(sorted[next]), limiter: &limiter)
                    next += 1
                }
            }
        }
    }

    /// The indices of the requests made at times `selected`, in (time, slot) order: a counting
    /// sort by second, stable (the list is in slot order for equal times).
    func inTimeOrder(_ r: TrackRequests, from s0: EpochSeconds, to s1: EpochSeconds, where selected: (EpochSeconds) -> Bool,
                     bins: inout [Int32]) -> [Int32] {
        let width = Int(s1 - s0)
        bins.removeAll(keepingCapacity: true)
        bins.append(contentsOf: repeatElement(0, count: width + 1))
        var chosen: [Int32] = []
        for (i, t) in r.times.enumerated() where selected(t) {
            chosen.append(Int32(i))
            bins[Int(t - s0) + 1] += 1
        }
        for k in 0..<width { bins[k + 1] += bins[k] }
        var sorted = [Int32](repeating: 0, count: chosen.count)
        for i in chosen {
            let k = Int(r.times[Int(i)] - s0)
            sorted[Int(bins[k])] = i
            bins[k] += 1
        }
        return sorted
    }

    /// One request's turn from the limiter, exactly as the global queue takes it.
    @inline(__always)
    func answer(_ r: inout TrackRequests, _ i: Int, limiter: inout RateLimiter) {
        let t = r.times[i]
        let turn = limiter.slot(for: t)
        if !rules.turnFails(request: t, turn: turn.at) { limiter.take(turn.window) }
        r.turns[i] = turn.at
    }
}
