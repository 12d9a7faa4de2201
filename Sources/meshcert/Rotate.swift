import ArgumentParser
import Foundation
import MeshcertAppMesh
import MeshcertRotation
import MeshcertSupport

struct Rotate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Simulate short-lived certificate rotation windows before the migration.",
        discussion: """
        A scenario file (YAML or JSON) describes a fleet of services and tasks and the AWS Private \
        CA that issues their certificates: lifetime, renewal point, outages, rate limit, latency, \
        clock skew, restarts, a CA rollover. The simulator plays every task's certificate life \
        over the window and reports where a service would present an expired, not yet valid or \
        untrusted certificate, how close renewals cut it, how many certificates are issued and \
        what they cost. Same scenario and seed: byte-identical output.

          meshcert rotate simulate Certs/scenarios/demo.yaml
          meshcert rotate simulate Certs/scenarios/demo.yaml --format json --seed 7
          meshcert rotate simulate Certs/scenarios/demo.yaml --timeline demo.svg
          meshcert rotate sweep SCENARIO --renew-at 3d,4d,5d,6d --outage 24h,48h,72h

        Exit codes: 0 no exposure; 1 exposure found (simulate only; sweep reports and exits 0); \
        2 bad scenario or usage error.
        """,
        subcommands: [Simulate.self, Sweep.self]
    )
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// Loads a scenario, printing every problem (file, line, field) to stderr; exit 2 when unusable.
func loadScenario(_ path: String, seed: UInt64?, servicesFromElsewhere: Bool = false) throws -> LoadedScenario {
    do {
        var loaded = try ScenarioReader.load(path: path, servicesFromElsewhere: servicesFromElsewhere)
        if let seed { loaded.scenario.seed = seed }
        for w in loaded.warnings { Terminal.warn(w.description) }
        return loaded
    } catch let error as ScenarioError {
        Terminal.warn(error.description)
        throw ExitCode(2)
    }
}

/// Parses a comma-separated list of durations (`3d,4d,5d`).
func durationList(_ text: String, option: String, allowZero: Bool) throws -> [Int64] {
    var out: [Int64] = []
    for part in text.split(separator: ",") {
        let p = part.trimmingCharacters(in: .whitespaces)
        if allowZero && (p == "none" || p == "0") { out.append(0); continue }
        guard let v = DurationText.parse(p), v > 0 else {
            throw ValidationError("\(option): `\(p)` is not a duration above zero (use 90s, 15m, 36h or 7d)")
        }
        out.append(v)
    }
    guard !out.isEmpty else { throw ValidationError("\(option): give at least one duration") }
    return out
}

extension Rotate {
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Play a scenario and report exposure, renewal margins, issuance and cost.",
            discussion: """
            Every task requests a certificate at the window start and renews when the certificate's \
            age reaches renewAt; requests during a CA outage fail and are retried every \
            retryInterval. Exposure is counted per task: expired (presenting a certificate past \
            notAfter), not_yet_valid (a client task whose clock is behind sees it before \
            notBefore), untrusted (a client does not trust the issuing CA during a rollover). \
            docs/rotation-semantics.md states every rule exactly.

              meshcert rotate simulate Certs/scenarios/demo.yaml
              meshcert rotate simulate scenario.json --format json > rotation.json
              meshcert rotate simulate Certs/scenarios/demo.yaml --timeline demo.svg
              meshcert rotate simulate SCENARIO --from-mesh Certs/appmesh/aws --tasks 3

            --from-mesh builds the services from App Mesh configuration (aws CLI exports or \
            Kubernetes CRDs, files or folders, or the JSON of `meshcert mesh scan --format json`): \
            one service per virtual node, whose clients are the virtual nodes that have it as a \
            backend (through its virtual service's provider node or router targets). A scenario \
            service with the same name keeps its tasks and restarts; the others get --tasks.

            JSON output: schema "meshcert.rotation.v1" (services[], totals, cost).

            Exit codes: 0 no exposure; 1 exposure found (some task presented an expired, not yet \
            valid or untrusted certificate); 2 bad scenario (every problem printed with file, line \
            and field) or usage error.
            """
        )

        @Argument(help: "Scenario file (YAML or JSON).")
        var scenario: String

        @Option(help: "Output format: table or json.")
        var format: OutputFormat = .table

        @Option(help: "Seed for restarts, clock skew and jitter (overrides the scenario's seed).")
        var seed: UInt64?

        @Option(help: ArgumentHelp("Also draw the timeline as SVG to this file.", valueName: "FILE.svg"))
        var timeline: String?

        @Option(name: .customLong("from-mesh"), help: ArgumentHelp(
            "Build the services from App Mesh configuration (files or folders; repeatable).", valueName: "path"))
        var fromMesh: [String] = []

        @Option(help: "Tasks per service built by --from-mesh (unless the scenario lists that service).")
        var tasks: Int = 1

        @Flag(help: "Print events processed and time per phase to stderr (for benchmarks).")
        var stats = false

        func validate() throws {
            guard tasks >= 1 else { throw ValidationError("--tasks must be at least 1") }
        }

        func run() throws {
            var clock = PhaseClock()
            var loaded = try loadScenario(scenario, seed: seed, servicesFromElsewhere: !fromMesh.isEmpty)
            if !fromMesh.isEmpty { loaded.scenario.services = try meshServices(fromMesh, base: loaded.scenario.services, tasks: tasks) }
            clock.mark("read")
            // The scenario and its other-mode cost alternative run side by side.
            let (result, cost) = CostComparison.simulate(loaded.scenario, options: SimulationOptions(recordCertificates: timeline != nil))
            clock.mark("simulate")
            let report = RotationReport(file: scenario, result: result, cost: cost, warnings: loaded.warnings)
            if let timeline {
                let svg = TimelineSVG(result: result).render()
                do {
                    try svg.write(toFile: timeline, atomically: true, encoding: .utf8)
                } catch {
                    Terminal.warn("meshcert: cannot write the timeline to \(timeline): \(error.localizedDescription)")
                    throw ExitCode(2)
                }
            }
            switch format {
            case .json: print(try RotationDocument(file: scenario, result: result, cost: cost, warnings: loaded.warnings).render())
            case .table: print(report.table(colour: Terminal.useColour))
            }
            clock.mark("output")
            if stats {
                // Both runs share the simulate phase: events/s counts the events of both.
                let simulate = clock.seconds("simulate")
                let events = result.events + cost.alternativeEvents
                Terminal.warn("stats: tasks \(result.totals.tasks) events \(result.events) cost-events \(cost.alternativeEvents) "
                              + clock.summary() + String(format: " events/s %.0f", Double(events) / max(simulate, 1e-9)))
            }
            if result.hasExposure { throw ExitCode(1) }
        }
    }

    struct Sweep: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exposure for every renewal point × CA outage length.",
            discussion: """
            Runs the scenario once per combination, with rotation.renewAt set to the row's value \
            and every CA outage given the column's length (keeping each outage's start). A \
            scenario without outages gets one starting at start + renewAt, when the first renewals \
            fall due. `none` or `0` in --outage means no outage.

              meshcert rotate sweep SCENARIO --renew-at 3d,4d,5d,6d --outage 24h,48h,72h
              meshcert rotate sweep S.yaml --renew-at 4d,5d --outage none,48h --format json

            JSON output: schema "meshcert.rotation.sweep.v1".

            Exit codes: 0 the sweep ran (exposed cells are a finding, not a failure); 2 bad \
            scenario or usage error.
            """
        )

        @Argument(help: "Scenario file (YAML or JSON).")
        var scenario: String

        @Option(name: .customLong("renew-at"), help: "Renewal ages to try, comma-separated (e.g. 3d,4d,5d,6d).")
        var renewAt: String

        @Option(help: "CA outage lengths to try, comma-separated (e.g. 24h,48h,72h; none = no outage).")
        var outage: String

        @Option(help: "Output format: table or json.")
        var format: OutputFormat = .table

        @Option(help: "Seed (overrides the scenario's seed).")
        var seed: UInt64?

        func run() throws {
            let renewAts = try durationList(renewAt, option: "--renew-at", allowZero: false)
            let outages = try durationList(outage, option: "--outage", allowZero: true)
            let loaded = try loadScenario(scenario, seed: seed)
            let cells = MeshcertRotation.Sweep.run(loaded.scenario, renewAts: renewAts, outages: outages)
            switch format {
            case .json:
                print(try SweepDocument(file: scenario, base: loaded.scenario, renewAts: renewAts, outages: outages, cells: cells).render())
            case .table:
                let labels = { (text: String) in text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
                print(MeshcertRotation.Sweep.table(file: scenario, base: loaded.scenario, renewAts: renewAts, outages: outages, cells: cells,
                                                   renewAtLabels: labels(renewAt), outageLabels: labels(outage)))
            }
        }
    }
}

/// Wall time per phase, for `--stats` (never used in results or tests).
struct PhaseClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    private var phases: [(String, Double)] = []

    mutating func mark(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        phases.append((name, Double(now - last) / 1e9))
        last = now
    }

    func seconds(_ name: String) -> Double { phases.first { $0.0 == name }?.1 ?? 0 }

    func summary() -> String {
        phases.map { String(format: "%@ %.3fs", $0.0, $0.1) }.joined(separator: " ")
            + String(format: " total %.3fs", phases.reduce(0) { $0 + $1.1 })
    }
}

/// `--from-mesh`: the scenario's services from App Mesh configuration or mesh documents
/// (MeshRotationFleet). Prints its messages; exits 2 when the inputs hold no virtual node, several
/// meshes, or a mesh document that does not read.
func meshServices(_ paths: [String], base: [Service], tasks: Int) throws -> [Service] {
    do throws(MeshRotationFleet.Failure) {
        let built = try MeshRotationFleet.services(paths: paths, base: base, tasks: tasks)
        for w in built.warnings { Terminal.warn("meshcert: " + w) }
        return built.services
    } catch {
        for w in error.warnings { Terminal.warn("meshcert: " + w) }
        Terminal.warn("meshcert: " + error.message)
        throw ExitCode(2)
    }
}
