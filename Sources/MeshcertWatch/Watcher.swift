import Foundation
import MeshcertHandshake
import MeshcertSupport

/// The exporter's core: runs scans and probes, keeps the latest observation of each, writes the
/// history, logs state changes and renders pages. Scheduling lives in `WatchService`; `--once`
/// calls `runOnce` alone. All mutable state is behind `lock`; rendering copies it out first.
public final class Watcher: @unchecked Sendable {
    /// The config in force (SIGHUP swaps it).
    public var config: WatchConfig { lock.lock(); defer { lock.unlock() }; return current }
    let store: StateStore?
    let log: WatchLog
    let now: @Sendable () -> Int64

    private let lock = NSLock()
    // Guarded by `lock`.
    private var current: WatchConfig
    private var probes: [String: ProbeObservation] = [:]
    private var scans: [String: ScanObservation] = [:]
    private var histories: [String: TargetHistory] = [:]
    private var overdue: [String: Bool] = [:]
    private var lastReloadSuccessful = true
    private var probeCount = 0
    /// One TLS context per client configuration of the plan, built once per config (an
    /// `SSL_CTX` costs more than a handshake); nil when a trust or key file cannot be used,
    /// and then each probe builds its own and reports the problem as its failure.
    private var contexts: ContextCache?

    public init(config: WatchConfig, store: StateStore?, log: WatchLog, now: @escaping @Sendable () -> Int64 = { Timestamp.now() }) {
        self.current = config
        self.store = store
        self.log = log
        self.now = now
        contexts = try? ContextCache(config.handshake?.checks ?? [])
        loadHistories()
    }

    /// The histories of the configured targets, so rotation series survive a restart.
    private func loadHistories() {
        guard let store else { return }
        for check in config.handshake?.checks ?? [] {
            if let h = try? store.history(target: check.name, lastCertificates: 2).first {
                lock.lock()
                histories[check.name] = h
                lock.unlock()
            }
        }
    }

    public var targetNames: [String] { (config.handshake?.checks ?? []).map(\.name) }

    // MARK: running

    /// Every scan and every probe once. `failed`: a probe missed its plan's expectation or a
    /// renewal is overdue (`--once` exits 1).
    public func runOnce() -> (page: String, failed: Bool) {
        for entry in config.scans { runScan(entry) }
        if let hs = config.handshake, !hs.checks.isEmpty {
            let start = now()
            do {
                let results = try run(hs.checks, EngineOptions(jobs: hs.jobs, perHost: hs.perHost))
                for r in results { record(ProbeObservation(r, duration: Self.seconds(r), at: now())) }
            } catch {
                for c in hs.checks { record(ProbeObservation(check: c, failure: "\(error)", at: start)) }
            }
        }
        var s = snapshot(target: nil)
        s.lastReloadSuccessful = nil  // nothing reloads in a single run
        s.probesTotal = nil
        let failed = s.probes.contains { !$0.matchedExpectation } || s.rotation.contains(where: \.renewalOverdue)
        return (WatchMetrics.render(s), failed)
    }

    /// One probe of `check` now (blocking: call it on a dedicated thread).
    @discardableResult
    func probe(_ check: HandshakeCheck) -> ProbeObservation {
        let observation: ProbeObservation
        do {
            lock.lock()
            let contexts = self.contexts
            lock.unlock()
            // On the scheduler's thread: it already bounds jobs and hosts.
            let result = try contexts.map { try HandshakeEngine.runOne(check, contexts: $0) } ?? run([check], EngineOptions(jobs: 1, perHost: 1))[0]
            observation = ProbeObservation(result, duration: Self.seconds(result), at: now())
        } catch {
            observation = ProbeObservation(check: check, failure: "\(error)", at: now())
        }
        record(observation)
        return observation
    }

    private func run(_ checks: [HandshakeCheck], _ options: EngineOptions) throws -> [HandshakeCheckResult] {
        lock.lock()
        let contexts = self.contexts
        lock.unlock()
        if let contexts { return try HandshakeEngine.run(checks, options: options, contexts: contexts) }
        return try HandshakeEngine.run(checks, options: options)
    }

    /// `/probe?target=NAME`: probes that target now and returns its page; nil for an unknown name.
    public func probePage(target: String) -> String? {
        guard let check = config.handshake?.checks.first(where: { $0.name == target }) else { return nil }
        probe(check)
        var s = snapshot(target: target)
        s.scans = []
        return WatchMetrics.render(s)
    }

    func runScan(_ entry: WatchConfig.ScanEntry) {
        lock.lock()
        let previous = scans[entry.name]
        lock.unlock()
        let at = now()
        let observation = ScanJob.run(entry, at: at, previous: previous)
        if !observation.failed { record(files: observation.files, at: at) }
        lock.lock()
        scans[entry.name] = observation
        // A file gone from every entry stops its series; its history stays in the database. Its
        // cached state goes too: files named anew at each rotation must not grow the exporter.
        let tracked = Set(Self.fileTargets(current.scans.compactMap { scans[$0.name] }))
        for gone in previous?.files ?? [] where !tracked.contains(gone.target) {
            histories[gone.target] = nil
            overdue[gone.target] = nil
        }
        lock.unlock()
        if observation.failed && previous?.failed != true {
            log.event("scan_failed", at: now(), [("scan", entry.name), ("error", observation.failure ?? "")])
        } else if !observation.failed && previous?.failed == true {
            log.event("scan_recovered", at: now(), values: [("scan", .text(entry.name)), ("certificates", .number(observation.certificates))])
        }
    }

    static func seconds(_ r: HandshakeCheckResult) -> Double {
        ((r.connectMs ?? 0) + (r.handshakeMs ?? 0) + (r.postHandshakeMs ?? 0)) / 1000
    }

    /// Keeps a probe's observation, writes its leaf to the history, logs what changed.
    func record(_ o: ProbeObservation) {
        let changed = o.leaf.map { writeHistory([(o.target, $0)], at: o.at)[0] } ?? false
        lock.lock()
        probeCount += 1
        let previous = probes[o.target]
        probes[o.target] = o
        lock.unlock()

        if o.success && previous != nil && previous?.success == false {
            log.event("target_up", at: o.at, [("target", o.target), ("endpoint", o.endpoint)])
        } else if !o.success && (previous == nil || previous!.success || previous!.reason != o.reason) {
            // `expected`: a check meant to fail (untrusted, client_certificate_required) is down
            // as planned when its reason is the expected one.
            log.event("target_down", at: o.at, [("target", o.target), ("endpoint", o.endpoint), ("reason", o.reason.rawValue),
                                                 ("expected", o.expected.rawValue), ("detail", o.detail)])
        }
        logRotation([(o.target, o.leaf, changed)], at: o.at)
    }

    /// A scan's files: each leaf written to the history (one transaction per scan), its change or
    /// overdue renewal logged exactly as an endpoint's.
    func record(files: [FileSubject], at: Int64) {
        guard !files.isEmpty else { return }
        let changes = writeHistory(files.map { ($0.target, $0.certificate) }, at: at)
        logRotation(zip(files, changes).map { ($0.target, $0.certificate, $1) }, at: at)
    }

    /// Writes what each target served to the store and refreshes the cached histories; returns
    /// whether each target's certificate changed. A failed write is logged and changes nothing.
    /// The lock is taken twice per call, not per target: a scan brings thousands of files.
    private func writeHistory(_ seen: [(target: String, certificate: SeenCertificate)], at: Int64) -> [Bool] {
        guard let store else { return seen.map { _ in false } }
        let changes: [Bool]
        do {
            changes = try store.record(seen, at: at)
        } catch {
            for s in seen { log.event("state_error", at: at, [("target", s.target), ("error", error.description)]) }
            return seen.map { _ in false }
        }
        lock.lock()
        var cached = seen.map { histories[$0.target] }
        lock.unlock()
        for (i, (target, leaf)) in seen.enumerated() {
            if !changes[i], let h = cached[i], h.current == leaf.sha256, let j = h.certificates.lastIndex(where: { $0.sha256 == leaf.sha256 }) {
                // The same certificate as last time: what the database now holds, without asking it.
                cached[i]!.certificates[j].lastSeen = max(h.certificates[j].lastSeen, at)
            } else {
                do { cached[i] = try store.history(target: target, lastCertificates: 2).first } catch {
                    log.event("state_error", at: at, [("target", target), ("error", error.description)])
                }
            }
        }
        lock.lock()
        for (i, s) in seen.enumerated() { if let h = cached[i] { histories[s.target] = h } }
        lock.unlock()
        return changes
    }

    /// `certificate_changed`, `renewal_overdue` and `renewal_resumed` of targets (endpoints or
    /// files), evaluated against the expectation at `at`.
    private func logRotation(_ seen: [(target: String, leaf: SeenCertificate?, changed: Bool)], at: Int64) {
        lock.lock()
        let flips: [(status: RotationStatus, was: Bool)?] = seen.map { item in
            guard let h = histories[item.target] else { return nil }
            let status = RotationStatus.evaluate(h, expectation: current.rotation, now: at)
            let was = overdue[item.target] ?? false
            overdue[item.target] = status.renewalOverdue
            return (status, was)
        }
        lock.unlock()
        for (item, flip) in zip(seen, flips) {
            let (target, leaf) = (item.target, item.leaf)
            if item.changed, let leaf {
                log.event("certificate_changed", at: at, [("target", target), ("serial", leaf.serial), ("sha256", leaf.sha256),
                                                          ("not_after", leaf.notAfter.map(Timestamp.format) ?? "")])
            }
            guard let (status, wasOverdue) = flip, status.renewalOverdue != wasOverdue else { continue }
            if status.renewalOverdue {
                log.event("renewal_overdue", at: at, [("target", target), ("serial", leaf?.serial ?? ""),
                                                      ("since", status.overdueAt.map(Timestamp.format) ?? "")])
            } else {
                log.event("renewal_resumed", at: at, [("target", target), ("serial", leaf?.serial ?? "")])
            }
        }
    }

    // MARK: pages

    /// The latest observations (of one target, or all), rotation evaluated as of now.
    public func snapshot(target: String?) -> WatchSnapshot {
        let t = now()
        lock.lock()
        var s = WatchSnapshot()
        s.scans = current.scans.compactMap { scans[$0.name] }
        let names = target.map { [$0] } ?? (current.handshake?.checks ?? []).map(\.name) + Self.fileTargets(s.scans)
        s.probes = names.compactMap { probes[$0] }
        let tracked = names.compactMap { histories[$0] }, expectation = current.rotation
        if target == nil {
            s.lastReloadSuccessful = lastReloadSuccessful
            s.probesTotal = probeCount
        }
        lock.unlock()
        // Evaluated outside the lock: with thousands of files a scrape must not hold up a scan.
        s.rotation = tracked.map { RotationStatus.evaluate($0, expectation: expectation, now: t) }
        return s
    }

    /// The files the entries track now, each once (two entries may scan the same file).
    static func fileTargets(_ scans: [ScanObservation]) -> [String] {
        var seen = Set<String>()
        return scans.flatMap(\.files).map(\.target).filter { seen.insert($0).inserted }
    }

    public func metricsPage() -> String { WatchMetrics.render(snapshot(target: nil)) }

    /// Swaps in a new config (SIGHUP); observations of targets still configured are kept.
    func replace(_ new: WatchConfig) {
        let built = try? ContextCache(new.handshake?.checks ?? [])  // reread: a reload picks up new trust files
        lock.lock()
        current = new
        contexts = built
        lastReloadSuccessful = true
        // Targets the new config drops leave the cache (their history stays in the database).
        let kept = Set((new.handshake?.checks ?? []).map(\.name) + Self.fileTargets(new.scans.compactMap { scans[$0.name] }))
        histories = histories.filter { kept.contains($0.key) }
        lock.unlock()
        loadHistories()
    }

    func reloadFailed() {
        lock.lock()
        lastReloadSuccessful = false
        lock.unlock()
    }
}
