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
        A scenario file (YAML or JSON) describes services, tasks and the AWS Private CA that issues their \
        certificates (lifetime, renewal point, outages, rate limit, clock skew, restarts, a CA rollover). \
        Same scenario and seed: byte-identical output. Scenario format: docs/rotate.md; the rules: \
        docs/rotation-semantics.md.
        """,
        subcommands: [Simulate.self, Sweep.self]
    )
}

/// The scenario and its seed, the same for `simulate` and `sweep`.
struct ScenarioInput: ParsableArguments {
    @Argument(help: "Scenario file (YAML or JSON).", completion: .file())
    var scenario: String

    @Option(help: "Seed for restarts, clock skew and jitter (overrides the scenario's seed).")
    var seed: UInt64?
}

extension Rotate {
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Play a scenario and report exposure, renewal margins, issuance and cost.",
            discussion: """
            Plays every task's certificate life over the window and reports where a service would present \
            an expired, not yet valid or untrusted certificate, how close renewals cut it, and how many \
            certificates are issued at what cost (JSON schema meshcert.rotation.v1). --from-mesh builds the \
            services from App Mesh configuration. Reference: docs/rotate.md.

              meshcert rotate simulate Certs/scenarios/demo.yaml
              meshcert rotate simulate Certs/scenarios/demo.yaml --format json --seed 7
              meshcert rotate simulate Certs/scenarios/demo.yaml --timeline demo.svg
              meshcert rotate simulate SCENARIO --from-mesh Certs/appmesh/aws --tasks 3

            Exit codes: 0 no exposure; 1 exposure found; 2 bad scenario (every problem printed with file, \
            line and field) or usage error.
            """
        )

        @OptionGroup var input: ScenarioInput

        @OptionGroup var format: OutputFormatOption

        @Option(help: ArgumentHelp("Also draw the timeline as SVG to this file.", valueName: "FILE.svg"), completion: .file())
        var timeline: String?

        @Option(name: .customLong("from-mesh"), help: ArgumentHelp(
            "Build the services from App Mesh configuration (files or folders; repeatable).", valueName: "path"))
        var fromMesh: [String] = []

        @Option(help: "Tasks per service built by --from-mesh (unless the scenario lists that service).")
        var tasks: Int = 1

        @Flag(help: "Print events processed and time per phase to stderr (for benchmarks).")
        var stats = false

        func validate() throws {
            guard (1...Scenario.maxTasks).contains(tasks) else { throw ValidationError("--tasks must be from 1 to \(Scenario.maxTasks)") }
        }

        func run() throws {
            var request = SimulateRequest(scenario: input.scenario, seed: input.seed)
            request.json = format.json
            request.colour = Terminal.useColour
            request.timeline = timeline
            if !fromMesh.isEmpty {
                request.services = { [fromMesh, tasks] in try MeshRotationFleet.reportedServices(paths: fromMesh, base: $0, tasks: tasks) }
            }
            let outcome = try RotationCommand.simulate(request)
            StandardOutput.print(outcome.output)
            if stats { outcome.printStats() }
            if outcome.hasExposure { throw ExitCode(1) }
        }
    }

    struct Sweep: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exposure for every pair of renewal point and CA outage length.",
            discussion: """
            Runs the scenario once per pair of renewal age and CA outage length and shows which cells expose a task \
            (JSON schema meshcert.rotation.sweep.v1). `none` or `0` in --outage means no outage. Reference: \
            docs/rotate.md.

              meshcert rotate sweep SCENARIO --renew-at 3d,4d,5d,6d --outage 24h,48h,72h
              meshcert rotate sweep S.yaml --renew-at 4d,5d --outage none,48h --format json

            Exit codes: 0 the sweep ran (exposed cells are a finding, not a failure); 2 bad scenario or \
            usage error.
            """
        )

        @OptionGroup var input: ScenarioInput

        @Option(name: .customLong("renew-at"), help: "Renewal ages to try, comma-separated (e.g. 3d,4d,5d,6d).")
        var renewAt: String

        @Option(help: "CA outage lengths to try, comma-separated (e.g. 24h,48h,72h; none = no outage).")
        var outage: String

        @OptionGroup var format: OutputFormatOption

        func run() throws {
            let lists: (DurationList, DurationList)
            do throws(DurationList.Invalid) {
                lists = (try DurationList(parsing: renewAt, option: "--renew-at", allowZero: false),
                         try DurationList(parsing: outage, option: "--outage", allowZero: true))
            } catch { throw ValidationError(error.message) }
            StandardOutput.print(try RotationCommand.sweep(scenario: input.scenario, seed: input.seed, renewAt: lists.0, outage: lists.1, json: format.json))
        }
    }
}
