import MeshcertSupport

/// The engine's books: exposure windows of retired certificates (the rules say which spans,
/// `RotationRules.expired`, `untrusted`, `notYetValid`) and the merge of a run's engines.
extension Engine {
    /// At the window end, a task still presenting a certificate is judged up to the end; one
    /// still waiting for its first has waited up to the end.
    mutating func finish(_ slot: inout Slot) {
        if slot.hasCertificate {
            retire(&slot, at: end)
        } else {
            services[Int(slot.service)].waitingSeconds += end - slot.startedAt
        }
    }

    /// The task stops presenting its certificate at `r`: measure its exposure over [issued, r).
    mutating func retire(_ slot: inout Slot, at r: EpochSeconds) {
        let s = Int(slot.service)
        let notBefore = slot.track.notBefore, notAfter = slot.notAfter(rules.lifetime)
        let from = notBefore + rules.backdate  // the issue time
        if let (a, b) = rules.expired(issuedAt: from, notAfter: notAfter, until: r) { expose(&slot, kind: .expired, a, b) }
        guard hasClients[s] else { return }
        if let (a, b) = rules.untrusted(fromNewCA: slot.fromNewCA, issuedAt: from, until: r) { expose(&slot, kind: .untrusted, a, b) }
        if let clock = clientClocks[s] {
            let rules = self.rules  // a copy: `expose` below changes self
            rules.notYetValid(clock: clock, notBefore: notBefore, issuedAt: from, until: r) { a, b in
                expose(&slot, kind: .notYetValid, a, b)
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
