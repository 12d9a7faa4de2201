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

/// What every part of a run shares: the scenario's constants and the precomputed client clocks.
struct Shared: Sendable {
    let scenario: Scenario
    let options: SimulationOptions
    /// The rules with the scenario's constants.
    let rules: RotationRules
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
    /// The rules with the cost alternative's constants (other lifetime and renewal age), when
    /// its track is simulated.
    let altRules: RotationRules?

    init(scenario: Scenario, options: SimulationOptions) {
        self.scenario = scenario
        self.options = options
        rules = RotationRules(scenario: scenario)
        perTask = scenario.ca.rateLimit == nil && options.strategy == .automatic
        limited = scenario.ca.rateLimit != nil && options.strategy == .automatic
        altRules = (perTask || limited) && options.alternative
            ? RotationRules(scenario: CostComparison.alternativeScenario(scenario)) : nil
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
