import MeshcertSupport

/// The requests of one slice, listed by the dry run: slot after slot, each slot's in time order
/// (so for equal times the list order is slot order, the queue's tie-break).
struct SliceRequests {
    /// When each request is made.
    var times: [EpochSeconds] = []
    /// The turn the dry run assumed for it.
    var guesses: [EpochSeconds] = []
    /// The turn the rate limiter gives it (`resolve`).
    var turns: [EpochSeconds] = []
    /// Per slot, the index of its first request (one more entry: the total).
    var begin: [Int32] = []
    /// The restart times and jittered renewal ages drawn, in the order the real run needs them
    /// (a restart time costs a logarithm).
    var drawn: [Int64] = []
    /// Per slot, the index of its first draw (one more entry: the total).
    var drawBegin: [Int32] = []
    /// Some task's requests differ from the previous round's (in number or time).
    var changed = false

    mutating func clear(slots: Int) {
        times.removeAll(keepingCapacity: true)
        guesses.removeAll(keepingCapacity: true)
        turns.removeAll(keepingCapacity: true)
        begin.removeAll(keepingCapacity: true)
        begin.reserveCapacity(slots + 1)
        drawn.removeAll(keepingCapacity: true)
        drawBegin.removeAll(keepingCapacity: true)
        drawBegin.reserveCapacity(slots + 1)
        changed = false
    }
}

/// Rate-limited runs without a global event queue (which visits the tasks in time order and so
/// misses the cache at every event once there are many of them).
///
/// Tasks interact only through the rate limiter, i.e. through the turns their requests get. The
/// window is cut into slices of a day. In each, every task first runs alone (`control`: the
/// simulator's control flow, no bookkeeping) through the slice, giving each of its requests a
/// guessed turn (at once, or the turn the previous round resolved), and lists its requests. The
/// limiter then answers the listed requests in the queue's order (time, then slot). If every
/// answer equals its guess, the guesses are the real turns: by induction over that order, each
/// request depends only on the turns of the task's earlier requests, and each turn only on the
/// requests before it. The slice then runs for real, task by task, each request taking its
/// resolved turn. Otherwise the round repeats with the answers as guesses; each round settles
/// at least the earliest wrongly guessed request (usually all of them: a delayed turn moves only
/// that task's next renewal or retry, rarely inside the same day). A slice still unsettled after
/// `maxRounds` runs through a global event queue instead. The results are those of the global
/// queue (tests compare them field for field).
extension Engine {
    static let limitedSlice: Int64 = 86400
    static let maxRounds = 6

    mutating func runLimited() {
        guard start < end, var limiter else { return }
        resolved = true
        let recordBudget = options.recordCertificates ? certificateBudget : 0
        if options.recordCertificates { certificateBudget = .max }  // trimmed per slice instead
        var round = SliceRequests(), previous = SliceRequests()
        var counts: [Int32] = [], bins: [Int32] = []
        var sliceStart = start
        while sliceStart < end {
            let sliceEnd = min(end, sliceStart + Engine.limitedSlice)
            let recorded = recordBudget > 0 && !certificatesTruncated ? services.map(\.certificates.count) : []
            var settled: RateLimiter?, last = limiter
            for r in 0..<Engine.maxRounds {
                dryRun(&round, until: sliceEnd, guesses: r == 0 ? nil : previous)
                if r > 0 && !round.changed {
                    // The same requests as the round before: the limiter answers them as it did,
                    // which is what this round assumed.
                    round.turns = round.guesses
                    settled = last
                    break
                }
                var l = limiter
                resolve(&round, limiter: &l, from: sliceStart, to: sliceEnd, counts: &counts, bins: &bins)
                if round.turns == round.guesses {
                    settled = l
                    break
                }
                last = l
                swap(&round, &previous)
            }
            if let settled {
                swap(&turns, &round.turns)
                swap(&drawn, &round.drawn)
                turnCursor = 0
                drawCursor = 0
                realRun(until: sliceEnd)
                precondition(turnCursor == turns.count && drawCursor == drawn.count,
                             "rotate: a slice's real run took other steps than its dry run")
                limiter = settled
            } else {
                resolved = false
                self.limiter = limiter
                queueRun(until: sliceEnd)
                limiter = self.limiter!
                resolved = true
            }
            if !recorded.isEmpty { trimCertificates(before: recorded, budget: recordBudget) }
            sliceStart = sliceEnd
        }
        self.limiter = limiter
        // Listed in the global queue's order: by issue time, then slot.
        for s in services.indices where services[s].certificates.count > 1 {
            services[s].certificates.sort { ($0.issuedAt, $0.task.slot) < ($1.issuedAt, $1.task.slot) }
        }
    }

    /// Every task alone through the slice, without bookkeeping: lists its requests and gives
    /// each the guessed turn (the previous round's answer for the same request, else at once).
    /// A task whose previous guesses were all answered as guessed makes the same requests and
    /// draws again: they are copied rather than recomputed.
    mutating func dryRun(_ r: inout SliceRequests, until sliceEnd: EpochSeconds, guesses previous: SliceRequests?) {
        r.clear(slots: slots.count)
        for i in slots.indices {
            r.begin.append(Int32(r.times.count))
            r.drawBegin.append(Int32(r.drawn.count))
            var t = slots[i].next
            guard t < sliceEnd else { continue }
            var first = 0, known = 0
            if let p = previous {
                first = Int(p.begin[i])
                known = Int(p.begin[i + 1]) - first
                var same = true
                for k in first..<(first + known) where p.turns[k] != p.guesses[k] {
                    same = false
                    break
                }
                if same {
                    r.times.append(contentsOf: p.times[first..<(first + known)])
                    r.guesses.append(contentsOf: p.turns[first..<(first + known)])
                    r.drawn.append(contentsOf: p.drawn[Int(p.drawBegin[i])..<Int(p.drawBegin[i + 1])])
                    continue
                }
            }
            let mine = r.times.count
            var slot = slots[i]
            repeat {
                if control(&slot, at: t, drawn: &r.drawn) {
                    let k = r.times.count - mine
                    let guess = k < known ? max(t, previous!.turns[first + k]) : t
                    r.times.append(t)
                    r.guesses.append(guess)
                    _ = take(&slot, request: t, turn: guess)
                }
                t = slot.next
            } while t < sliceEnd
            if let p = previous, !r.changed {
                r.changed = r.times.count - mine != known || !r.times[mine...].elementsEqual(p.times[first..<(first + known)])
            }
        }
        r.begin.append(Int32(r.times.count))
        r.drawBegin.append(Int32(r.drawn.count))
    }

    /// The limiter's turn for every listed request, in the queue's order (time, then slot).
    /// Sorting is needed only where the limit can bind: a window (of the limiter) whose requests
    /// all fit in it, with no backlog from earlier ones, gives every request its turn at once.
    /// Which windows those are is decided on an upper bound of the limiter's fill (every request
    /// counted as taking its turn; a turn failing in an outage takes none, so the real fill is
    /// never higher); the other windows' requests are put in order and answered one by one.
    func resolve(_ r: inout SliceRequests, limiter: inout RateLimiter, from s0: EpochSeconds, to s1: EpochSeconds,
                 counts: inout [Int32], bins: inout [Int32]) {
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
        counts.removeAll(keepingCapacity: true)
        counts.append(contentsOf: repeatElement(0, count: windows))
        for t in r.times { counts[Int((t - start) / per - w0)] += 1 }
        // Fill position: window * cap + used. Mark the windows where the limit may bind (negative).
        var bound = limiter.window * cap + Int64(limiter.used)
        var binding = false
        for k in 0..<windows where counts[k] > 0 {
            let w = w0 + Int64(k), a = Int64(counts[k])
            bound = max(w * cap, bound) + a
            if bound > (w + 1) * cap {
                counts[k] = -counts[k]
                binding = true
            }
        }
        let sorted = binding ? inTimeOrder(r, from: s0, to: s1, where: { counts[Int(($0 - start) / per - w0)] < 0 }, bins: &bins) : []
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
    func inTimeOrder(_ r: SliceRequests, from s0: EpochSeconds, to s1: EpochSeconds, where selected: (EpochSeconds) -> Bool,
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
    func answer(_ r: inout SliceRequests, _ i: Int, limiter: inout RateLimiter) {
        let t = r.times[i]
        let turn = limiter.slot(for: t)
        if turn.at == t || !inOutage(turn.at) { limiter.take(turn.window) }
        r.turns[i] = turn.at
    }

    /// The slice for real, task by task, each request taking its resolved turn in order.
    mutating func realRun(until sliceEnd: EpochSeconds) {
        var none = AltTrack()  // rate-limited runs have no alternative track
        for i in slots.indices {
            var t = slots[i].next
            guard t < sliceEnd else { continue }
            current = i
            var slot = slots[i]
            repeat {
                step(&slot, &none, at: t)
                t = slot.next
            } while t < sliceEnd
            slots[i] = slot
        }
    }

    /// The slice in global time order (ties: slot order), the limiter answering as it goes.
    mutating func queueRun(until sliceEnd: EpochSeconds) {
        var heap = EventQueue()
        for i in slots.indices where slots[i].next < sliceEnd { heap.push(offset: slots[i].next - start, slot: i) }
        var none = AltTrack()
        while let (offset, i) = heap.top {
            heap.popTop()
            let t = start + offset
            current = i
            var slot = slots[i]
            var next = t
            while next == t {
                step(&slot, &none, at: t)
                next = slot.next
            }
            slots[i] = slot
            if next < sliceEnd { heap.push(offset: next - start, slot: i) }
        }
    }

    /// The timeline keeps the first `budget` certificates in the global queue's order (issue
    /// time, then slot). Slices come in time order; within one, once the total passes the
    /// budget, only its earliest certificates are kept.
    mutating func trimCertificates(before: [Int], budget: Int) {
        let total = services.reduce(0) { $0 + $1.certificates.count }
        guard total >= budget else { return }
        certificatesTruncated = true
        certificateBudget = 0
        var firstSlot = 0
        var fresh: [(at: EpochSeconds, slot: Int, service: Int, index: Int)] = []
        for s in services.indices {
            for k in before[s]..<services[s].certificates.count {
                let c = services[s].certificates[k]
                fresh.append((c.issuedAt, firstSlot + c.task.slot, s, k))
            }
            firstSlot += scenario.services[s].tasks
        }
        fresh.sort { ($0.at, $0.slot) < ($1.at, $1.slot) }
        let keep = budget - before.reduce(0, +)
        var drop = [Set<Int>](repeating: [], count: services.count)
        for f in fresh[keep...] { drop[f.service].insert(f.index) }
        for s in services.indices where !drop[s].isEmpty {
            services[s].certificates = services[s].certificates.enumerated().filter { !drop[s].contains($0.offset) }.map(\.element)
        }
    }
}
