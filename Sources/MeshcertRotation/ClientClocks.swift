import MeshcertSupport

/// A piecewise-constant function of time: `values[i]` holds on [times[i], times[i+1]).
/// Used for the smallest clock offset among a service's client tasks (the client whose clock is
/// furthest behind is the first to see a fresh certificate as not yet valid).
struct StepFunction {
    var times: [EpochSeconds]
    var values: [Int64]

    /// Index of the piece holding `t` (t must not precede times[0]).
    func piece(at t: EpochSeconds) -> Int {
        var lo = 0, hi = times.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if times[mid] <= t { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Pointwise minimum of several step functions that all start at the same time.
    static func minimum(_ fs: [StepFunction]) -> StepFunction {
        if fs.count == 1 { return fs[0] }
        var idx = [Int](repeating: 0, count: fs.count)
        var out = StepFunction(times: [], values: [])
        while true {
            // The earliest change point not yet consumed.
            var t = Int64.max
            for (k, f) in fs.enumerated() where idx[k] < f.times.count { t = min(t, f.times[idx[k]]) }
            if t == .max { break }
            for (k, f) in fs.enumerated() where idx[k] < f.times.count && f.times[idx[k]] == t { idx[k] += 1 }
            var v = Int64.max
            for (k, f) in fs.enumerated() { v = min(v, f.values[max(idx[k] - 1, 0)]) }
            if out.values.last != v {
                out.times.append(t)
                out.values.append(v)
            }
        }
        return out
    }
}

extension TaskDraws {
    /// The smallest clock offset among the tasks of one service, over [start, end).
    func minimumOffset(spec: Service, end: EpochSeconds) -> StepFunction {
        let service = spec.name
        // Every (time, slot, offset) change, from every slot's incarnations.
        var changes: [(time: EpochSeconds, slot: Int, offset: Int64)] = []
        var current = [Int64](repeating: 0, count: spec.tasks)
        for slot in 0..<spec.tasks {
            let key = Draw.key(seed: seed, service: service, task: slot)
            current[slot] = skew(service: service, slot: slot, incarnation: 0)
            var t = start, inc = 0
            while true {
                t = restart(after: t, key: key, incarnation: inc, meanGap: TaskDraws.meanGap(perDay: spec.restartsPerDay))
                if t >= end { break }
                inc += 1
                changes.append((t, slot, skew(service: service, slot: slot, incarnation: inc)))
            }
        }
        changes.sort { ($0.time, $0.slot) < ($1.time, $1.slot) }
        var f = StepFunction(times: [start], values: [current.min() ?? 0])
        var m = f.values[0]
        var i = 0
        while i < changes.count {
            let t = changes[i].time
            var recompute = false
            while i < changes.count && changes[i].time == t {
                let c = changes[i]
                if c.offset <= m { m = c.offset } else if current[c.slot] == m { recompute = true }
                current[c.slot] = c.offset
                i += 1
            }
            if recompute { m = current.min() ?? 0 }
            if m != f.values.last {
                f.times.append(t)
                f.values.append(m)
            }
        }
        return f
    }
}
