import MeshcertSupport

/// The rotation rules: what a task's certificate track does at each event (renewal point, retry
/// and backoff through outages, a rate-limited turn) and what a certificate it presented exposed
/// (expiry, clock skew, rollover trust), as functions of the scenario's constants and the track's
/// state only. Every strategy (per task, global queue, rate-limited slices and their dry runs)
/// and both tracks (the scenario's, the cost alternative's) call these: a rule changes here only.
struct RotationRules: Sendable {
    let end: EpochSeconds
    let lifetime: Int64
    /// notBefore = issue time - backdate.
    let backdate: Int64
    /// Request (or turn) -> certificate in hand.
    let latency: Int64
    /// Seconds between failed attempts (at least 1).
    let retry: Int64
    /// Renewal age before jitter.
    let renewAt: Int64
    /// ± fraction of `renewAt`, drawn per certificate.
    let jitter: Double
    /// Sorted and merged (`merged`).
    let outages: [Outage]
    let rollover: Rollover?
    let clockSkewMax: Int64

    init(scenario: Scenario) {
        end = scenario.end
        lifetime = scenario.ca.lifetime
        backdate = scenario.ca.backdate
        latency = scenario.ca.issueLatency
        retry = max(1, scenario.rotation.retryInterval)
        renewAt = scenario.renewAtSeconds
        jitter = scenario.rotation.jitter
        outages = RotationRules.merged(scenario.ca.outages)
        rollover = scenario.ca.rollover
        clockSkewMax = scenario.clockSkewMax
    }

    // MARK: Outages

    /// Outages sorted by start, overlapping or touching ones merged, empty ones dropped.
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

    /// The index of the outage containing `t`, if any. Outages are half-open: a request at the
    /// exact end of one succeeds.
    @inline(__always)
    func outage(containing t: EpochSeconds) -> Int? {
        var lo = 0, hi = outages.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if outages[mid].end <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo < outages.count && outages[lo].start <= t ? lo : nil
    }

    @inline(__always)
    func inOutage(_ t: EpochSeconds) -> Bool { outage(containing: t) != nil }

    // MARK: Requests, turns, retries

    /// What a track's pending action at `t` turned out to be (a restart, which wins a tie, is
    /// the caller's to handle first).
    enum Due {
        /// A certificate is in hand: the caller issues it (`issue`).
        case completion
        /// A request inside an outage: it failed, as did `fails - 1` retries, and the track now
        /// waits for the first retry outside every outage (`retries`).
        case failed(fails: Int)
        /// A request the CA can answer: the caller finds its turn and calls `take`.
        case request
    }

    /// The track's action at `t`; a request inside an outage is retried up to the outage's end.
    @inline(__always)
    func due(_ track: inout RenewalTrack, at t: EpochSeconds, restart: EpochSeconds) -> Due {
        if track.isCompletion { return .completion }
        guard let o = outage(containing: t) else { return .request }
        let (next, fails) = retries(from: t, outage: o, restart: restart)
        track.actionAt = next
        return .failed(fails: fails)
    }

    /// A request at `t` inside an outage fails, and so does every retry (each `retry` later) that
    /// still falls inside an outage. Rather than queueing each failed retry, count them and jump to
    /// the first retry that is not inside an outage, stopping early at a restart (which cancels the
    /// retries; a retry at the same second as the restart is not made) or at the window end.
    /// Failed requests have no other effect, so the result is the same as stepping through them.
    @inline(__always)
    func retries(from t: EpochSeconds, outage first: Int, restart: EpochSeconds) -> (next: EpochSeconds, fails: Int) {
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

    /// A request made at `t` whose turn (rate limit) came later, at `at`, inside an outage fails
    /// there; such a turn takes none of the limiter's capacity. Without a limit `at == t`.
    @inline(__always)
    func turnFails(request t: EpochSeconds, turn at: EpochSeconds) -> Bool { at != t && inOutage(at) }

    /// The request made at `t` got its turn at `at`: on failure (returns false) the track retries
    /// `retry` later, otherwise its certificate is in hand `latency` after the turn.
    @inline(__always)
    func take(_ track: inout RenewalTrack, request t: EpochSeconds, turn at: EpochSeconds) -> Bool {
        if turnFails(request: t, turn: at) {
            track.actionAt = at + retry
            return false
        }
        track.actionAt = at + latency
        track.isCompletion = true
        return true
    }

    // MARK: Issuance and renewal point

    /// The renewal age of certificate number `n` (from 1) of a task: `renewAt`, with the jitter
    /// drawn per certificate (keyed by slot, incarnation and `n`, not by processing order).
    @inline(__always)
    func renewalAge(key: UInt64, incarnation: Int32, certificate n: Int32) -> Int64 {
        guard jitter > 0 else { return renewAt }
        let u = Draw.unit(key: key, incarnation: Int(incarnation), .jitter, Int(n))
        return renewAt + Draw.round(Double(renewAt) * jitter * (2 * u - 1))
    }

    /// The certificate issued at `t` becomes the track's; renewal starts when it reaches `age`,
    /// on the CA's clock, and never before the certificate is in hand.
    @inline(__always)
    func issue(_ track: inout RenewalTrack, at t: EpochSeconds, age: Int64) {
        track.notBefore = t - backdate
        track.certificates += 1
        track.actionAt = max(track.notBefore + age, t + 1)
        track.isCompletion = false
    }

    /// A restart replaces the task: the new one has no certificate and requests one at once
    /// (dropping any request in flight).
    @inline(__always)
    func restart(_ track: inout RenewalTrack, at t: EpochSeconds) {
        track.certificates = 0
        track.actionAt = t
        track.isCompletion = false
    }

    /// Certificates issued at or after the rollover come from the new CA.
    @inline(__always)
    func fromNewCA(issuedAt t: EpochSeconds) -> Bool { rollover.map { t >= $0.at } ?? false }

    // MARK: Exposure of a certificate presented from its issue time until `r`

    /// Expired: presented past notAfter.
    @inline(__always)
    func expired(issuedAt from: EpochSeconds, notAfter: EpochSeconds, until r: EpochSeconds) -> (EpochSeconds, EpochSeconds)? {
        notAfter < r ? (max(notAfter, from), r) : nil
    }

    /// Untrusted by clients: a new-CA certificate before they trust the new CA, an old-CA one
    /// after they retire the old CA.
    @inline(__always)
    func untrusted(fromNewCA: Bool, issuedAt from: EpochSeconds, until r: EpochSeconds) -> (EpochSeconds, EpochSeconds)? {
        guard let ro = rollover else { return nil }
        if fromNewCA { return from < ro.trustNewFrom ? (from, min(r, ro.trustNewFrom)) : nil }
        if let retire = ro.retireOld, retire < r { return (max(from, retire), r) }
        return nil
    }

    /// Not yet valid (clock skew): a client whose clock reads t + o sees the certificate as not
    /// yet valid while t + o < notBefore; `clock` is the smallest offset among the service's
    /// clients over time (the client furthest behind decides). Calls `body` for each such span.
    @inline(__always)
    func notYetValid(clock: StepFunction, notBefore: EpochSeconds, issuedAt from: EpochSeconds, until r: EpochSeconds,
                     _ body: (EpochSeconds, EpochSeconds) -> Void) {
        var p = clock.piece(at: from)
        let limit = min(r, notBefore + clockSkewMax)
        while p < clock.times.count && clock.times[p] < limit {
            let a = max(clock.times[p], from)
            let b = min(p + 1 < clock.times.count ? clock.times[p + 1] : end, limit, notBefore - clock.values[p])
            if a < b { body(a, b) }
            p += 1
        }
    }
}
