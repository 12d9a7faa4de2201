import ArgumentParser
import Foundation
import MeshcertHandshake
import MeshcertSupport

struct Lab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Both worlds (App Mesh, Service Connect) side by side on loopback, every handshake diagnosed.",
        discussion: """
        For every called service, two in-process OpenSSL servers on 127.0.0.1: App Mesh (demo PKI \
        certificates, mutual TLS required, TLS 1.2-1.3) and Service Connect (7-day certificates from a \
        fresh short-lived CA, TLS 1.3 only, no client certificate); then every combination of client, server and world, \
        with and without a client certificate, each cell diagnosed. Reference: docs/lab.md.

          meshcert lab run
          meshcert lab run --fault expired
          meshcert lab serve --plan-out lab.yaml
          meshcert handshake --plan lab.yaml

        Exit codes: 0 every cell showed the expected reason; 1 a cell did not; 2 usage error.
        """,
        subcommands: [Run.self, Serve.self]
    )

    struct Common: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("Topology YAML (services: [{name, calls: [...]}]); default frontend -> users, stock.", valueName: "FILE"), completion: .file())
        var topology: String?

        @Option(name: .long, help: "Inject one fault into one Service Connect server: expired, wrong-name, untrusted, tls12-only, mtls.")
        var fault: String?

        @Option(name: .customLong("fault-service"), help: "The service that gets the fault (default: the first called service).")
        var faultService: String?

        @OptionGroup var time: EvaluationTimeOption

        @Option(name: .long, help: ArgumentHelp("The demo PKI folder.", valueName: "DIR"), completion: .directory)
        var pki: String = "Certs/pki"

        @Option(name: .long, help: ArgumentHelp("Folder for the lab's certificates and keys (default: a new temporary folder).", valueName: "DIR"), completion: .directory)
        var dir: String?

        @OptionGroup var deadline: HandshakeDeadlineOption

        @OptionGroup(title: "Chain verification") var verification: VerificationOptions

        func validate() throws {
            if faultService != nil && fault == nil { throw ValidationError("--fault-service needs --fault (the fault to inject)") }
            if let fault, LabFault(rawValue: fault) == nil {
                throw ValidationError("--fault must be one of \(LabFault.allCases.map(\.rawValue).joined(separator: ", ")), not '\(fault)'")
            }
        }

        func options() throws -> LabOptions {
            var options = LabOptions(topology: try LabCommand.topology(file: topology), fault: fault.flatMap(LabFault.init(rawValue:)),
                                     faultService: faultService, at: time.time, pkiDirectory: pki,
                                     workDirectory: dir ?? LabCommand.temporaryWorkDirectory(),
                                     timeouts: HandshakeTimeouts(connect: deadline.timeout, handshake: deadline.timeout, read: 2))
            options.verification = verification.policy
            return options
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start both worlds, run the whole matrix once, print it, stop.")

        @OptionGroup var common: Common

        @OptionGroup var format: OutputFormatOption

        @OptionGroup var jobs: ConnectionJobsOption

        func run() throws {
            let (output, allMatched) = try LabCommand.run(try common.options(), removeWorkDirectory: common.dir == nil, jobs: jobs.jobs,
                                                          json: format.json, colour: Terminal.useColour)
            StandardOutput.print(output)
            if !allMatched { throw ExitCode(1) }
        }
    }

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start both worlds, write a plan for `meshcert handshake --plan`, keep serving.",
            discussion: """
            Keeps the servers up until --for has passed or it is interrupted; the plan's files live in --dir \
            (kept). --rotate-every, --lifetime and --stall run a compressed rotation clock for `meshcert \
            watch` (docs/lab.md).

              meshcert lab serve --rotate-every 3s --lifetime 5s --stall users
            """)

        @OptionGroup var common: Common

        @Option(name: .customLong("plan-out"), help: ArgumentHelp("Where to write the plan.", valueName: "FILE"), completion: .file())
        var planOut: String = "lab-plan.yaml"

        @Option(name: .customLong("for"), help: "Stop after this long (30s, 10m); default: until interrupted.", transform: HandshakeOptions.seconds)
        var duration: Double?

        @Option(name: .customLong("rotate-every"), help: "Re-issue each Service Connect certificate this often (3s, 1m): a compressed rotation clock.",
                transform: HandshakeOptions.seconds)
        var rotateEvery: Double?

        @Option(name: .long, help: "With --rotate-every: validity of each re-issued certificate (default 7d).")
        var lifetime: String?

        @Option(name: .long, help: ArgumentHelp("With --rotate-every: stop this service's rotation (repeatable).", valueName: "SERVICE"))
        var stall: [String] = []

        func validate() throws {
            if rotateEvery == nil && (lifetime != nil || !stall.isEmpty) {
                throw ValidationError("--lifetime and --stall need --rotate-every")
            }
            if let lifetime, (DurationText.parse(lifetime) ?? 0) <= 0 {
                throw ValidationError("--lifetime: '\(lifetime)' is not a positive duration such as 5s or 7d")
            }
            // Allowed (it shows expiry between renewals), but rarely meant: say so.
            if let every = rotateEvery, let lifetime, let seconds = DurationText.parse(lifetime), Double(seconds) <= every {
                Terminal.warn("meshcert lab serve: warning: --lifetime \(lifetime) is not longer than --rotate-every: every certificate expires before it is renewed")
            }
        }

        func run() throws {
            var options = try common.options()
            if let every = rotateEvery {
                for s in stall where !options.topology.servers.contains(s) {
                    throw ValidationError("--stall: '\(s)' is not a called service (\(options.topology.servers.joined(separator: ", ")))")
                }
                options.rotation = LabRotation(every: every, lifetime: lifetime.flatMap(DurationText.parse) ?? 7 * 86400, stalled: stall)
            }
            try LabCommand.serve(options, planOut: planOut, duration: duration, removeWorkDirectory: common.dir == nil)
        }
    }
}
