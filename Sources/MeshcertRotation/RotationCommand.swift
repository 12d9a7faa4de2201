import Foundation
import MeshcertSupport

/// `meshcert rotate simulate`'s inputs: the flags, already checked.
public struct SimulateRequest {
    public var scenario: String
    /// Overrides the scenario's seed.
    public var seed: UInt64?
    public var json = false
    public var colour = false
    /// Also draw the timeline as SVG to this file.
    public var timeline: String?
    /// `--from-mesh`: builds the services from the scenario's own (nil: the scenario's are used).
    /// It prints its own messages and throws when nothing is usable.
    public var services: (([Service]) throws -> [Service])?

    public init(scenario: String, seed: UInt64? = nil) {
        self.scenario = scenario
        self.seed = seed
    }
}

/// What `simulate` gives back: the rendered output, whether a task was exposed (exit 1), and the
/// phase times for `--stats`.
public struct SimulateOutcome {
    public var output: String
    public var hasExposure: Bool
    var clock: PhaseClock
    var tasks: Int
    var events: Int
    var costEvents: Int

    /// The `--stats` line on stderr, after the output went out (its time is the "output" phase).
    /// Both runs share the simulate phase: events/s counts the events of both.
    public func printStats() {
        var clock = self.clock
        clock.mark("output")
        let simulate = clock.seconds("simulate")
        Terminal.warn("stats: tasks \(tasks) events \(events) cost-events \(costEvents) "
                      + clock.summary() + String(format: " events/s %.0f", Double(events + costEvents) / max(simulate, 1e-9)))
    }
}

/// `meshcert rotate`'s entry points: read the scenario (every problem on stderr), run, render.
public enum RotationCommand {
    /// Loads a scenario and prints its warnings; every problem (file, line, field) goes to stderr
    /// and the failure is `CommandFailure.reported()` (exit 2).
    public static func loadScenario(_ path: String, seed: UInt64?, servicesFromElsewhere: Bool = false) throws -> LoadedScenario {
        do {
            var loaded = try ScenarioReader.load(path: path, servicesFromElsewhere: servicesFromElsewhere)
            if let seed { loaded.scenario.seed = seed }
            for w in loaded.warnings { Terminal.warn(w.description) }
            return loaded
        } catch let error as ScenarioError {
            Terminal.warn(error.description)
            throw CommandFailure.reported()
        }
    }

    /// A fleet built after the scenario was read (`--from-mesh`): what running it will take
    /// (`Scenario.workWarnings`), printed and kept with the scenario's own warnings.
    public static func warnAboutFleet(_ loaded: inout LoadedScenario, file: String) {
        for message in loaded.scenario.workWarnings {
            let warning = ScenarioIssue(.warning, file: file, field: "services", code: "questionable_value", message: message)
            Terminal.warn(warning.description)
            loaded.warnings.append(warning)
        }
    }

    /// Plays the scenario with its other-mode cost alternative side by side, draws the timeline
    /// when asked, renders the table or `meshcert.rotation.v1`.
    public static func simulate(_ request: SimulateRequest) throws -> SimulateOutcome {
        var clock = PhaseClock()
        var loaded = try loadScenario(request.scenario, seed: request.seed, servicesFromElsewhere: request.services != nil)
        if let services = request.services { loaded.scenario.services = try services(loaded.scenario.services) }
        if let problem = loaded.scenario.fleetSizeProblem { throw CommandFailure("--from-mesh: " + problem) }
        if request.services != nil { warnAboutFleet(&loaded, file: request.scenario) }
        clock.mark("read")
        let (result, cost) = CostComparison.simulate(loaded.scenario, options: SimulationOptions(recordCertificates: request.timeline != nil))
        clock.mark("simulate")
        if let timeline = request.timeline {
            do {
                try TimelineSVG(result: result).render().write(toFile: timeline, atomically: true, encoding: .utf8)
            } catch {
                Terminal.warn("meshcert: cannot write the timeline to \(timeline): \(FileProblem.reason(error, writing: timeline))")
                throw CommandFailure.reported()
            }
        }
        let output = request.json
            ? try RotationDocument(file: request.scenario, result: result, cost: cost, warnings: loaded.warnings).render()
            : RotationReport(file: request.scenario, result: result, cost: cost, warnings: loaded.warnings).table(colour: request.colour)
        return SimulateOutcome(output: output, hasExposure: result.hasExposure, clock: clock, tasks: result.totals.tasks,
                               events: result.events, costEvents: cost.alternativeEvents)
    }

    /// `meshcert rotate sweep`: every renewal age × outage length, as a table or `meshcert.rotation.sweep.v1`.
    public static func sweep(scenario: String, seed: UInt64?, renewAt: DurationList, outage: DurationList, json: Bool) throws -> String {
        let loaded = try loadScenario(scenario, seed: seed)
        // As `simulate` warns of the scenario's own renewal point.
        let lifetime = loaded.scenario.ca.lifetime
        for (value, label) in zip(renewAt.seconds, renewAt.labels) where value >= lifetime {
            Terminal.warn("meshcert rotate sweep: warning: --renew-at \(label) is not below the lifetime \(DurationText.format(lifetime)): "
                          + "every certificate expires before its renewal starts")
        }
        let cells = Sweep.run(loaded.scenario, renewAts: renewAt.seconds, outages: outage.seconds)
        if json {
            return try SweepDocument(file: scenario, base: loaded.scenario, renewAts: renewAt.seconds, outages: outage.seconds, cells: cells).render()
        }
        return Sweep.table(file: scenario, base: loaded.scenario, renewAts: renewAt.seconds, outages: outage.seconds, cells: cells,
                           renewAtLabels: renewAt.labels, outageLabels: outage.labels)
    }
}
