import ArgumentParser
import Foundation
import MeshcertHandshake
import MeshcertSupport

struct Lab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Both worlds (App Mesh, Service Connect) side by side on loopback, every handshake diagnosed.",
        discussion: """
        For every called service the lab starts two in-process OpenSSL servers
        on 127.0.0.1:
          appmesh         demo PKI certificates (GENERAL_PURPOSE), mutual TLS
                          required, TLS 1.2-1.3
          serviceconnect  7-day certificates from a fresh lab short-lived CA,
                          TLS 1.3 only, Service Connect's three ciphers,
                          no client certificate
        then runs the matrix: each client x each server x each world, with and
        without a client certificate, and prints the reason for every cell.

          meshcert lab run                        # frontend -> users, stock
          meshcert lab run --fault expired        # one fault, its diagnosis
          meshcert lab serve --plan-out lab.yaml  # keep the servers up, then:
          meshcert handshake --plan lab.yaml

        Exit codes: 0 every cell showed the expected reason; 1 a cell did not;
        2 usage error.
        """,
        subcommands: [Run.self, Serve.self]
    )

    struct Common: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("Topology YAML (services: [{name, calls: [...]}]); default frontend -> users, stock.", valueName: "FILE"))
        var topology: String?

        @Option(name: .long, help: "Inject one fault into one Service Connect server: expired, wrong-name, untrusted, tls12-only, mtls.")
        var fault: String?

        @Option(name: .customLong("fault-service"), help: "The service that gets the fault (default: the first called service).")
        var faultService: String?

        @OptionGroup var time: EvaluationTimeOption

        @Option(name: .long, help: ArgumentHelp("The demo PKI folder.", valueName: "DIR"))
        var pki: String = "Certs/pki"

        @Option(name: .long, help: ArgumentHelp("Folder for the lab's certificates and keys (default: a new temporary folder).", valueName: "DIR"))
        var dir: String?

        @Option(name: .long, help: "Connect and handshake deadline, each (5s, 1500ms).", transform: HandshakeOptions.seconds)
        var timeout: Double = 5

        @OptionGroup(title: "Chain verification") var verification: VerificationOptions

        func validate() throws {
            if let fault, LabFault(rawValue: fault) == nil {
                throw ValidationError("--fault must be one of \(LabFault.allCases.map(\.rawValue).joined(separator: ", ")), not '\(fault)'")
            }
        }

        func options() throws -> (LabOptions, temporary: Bool) {
            var topo = LabTopology.sample
            if let topology {
                do { topo = try LabTopology.load(path: topology) } catch let e as Diagnostic { throw CommandFailure(e.description) }
            }
            let at = time.time
            let timeouts = HandshakeTimeouts(connect: timeout, handshake: timeout, read: 2)
            let work = dir ?? FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-lab-\(getpid())").path
            var options = LabOptions(topology: topo, fault: fault.flatMap(LabFault.init(rawValue:)), faultService: faultService, at: at,
                                     pkiDirectory: pki, workDirectory: work, timeouts: timeouts)
            options.verification = verification.policy
            return (options, dir == nil)
        }

        func start() throws -> (LabWorld, temporary: Bool) {
            let (options, temporary) = try options()
            do {
                return (try LabWorld(options), temporary)
            } catch let e as LabError {
                throw CommandFailure(e.description)
            } catch {
                throw CommandFailure("cannot start the lab: \(error)")
            }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start both worlds, run the whole matrix once, print it, stop.")

        @OptionGroup var common: Common

        @Option(name: .long, help: "table or json.")
        var format: OutputFormat = .table

        @Option(name: .long, help: "Connections in flight at once.")
        var jobs: Int = 4

        func validate() throws {
            if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        }

        func run() throws {
            let (world, temporary) = try common.start()
            defer {
                world.stop()
                if temporary { try? FileManager.default.removeItem(atPath: world.options.workDirectory) }
            }
            let results = try world.runMatrix(jobs: jobs)
            if format == .json {
                print(try LabDocument(world: world, results: results).render())
            } else {
                print(LabReport.table(world, results, colour: Terminal.useColour))
            }
            if results.contains(where: { !$0.matchedExpectation }) { throw ExitCode(1) }
        }
    }

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start both worlds, write a plan for `meshcert handshake --plan`, keep serving.",
            discussion: """
            Stops after --for, or when interrupted. The plan's files live in --dir (kept).

            A compressed rotation clock, for `meshcert watch`: --rotate-every 3s
            --lifetime 5s re-issues each Service Connect server's certificate every 3
            seconds, valid 5 seconds from issue; --stall users stops that service's
            rotation, so its certificate ages past renewal and then expires.
            """)

        @OptionGroup var common: Common

        @Option(name: .customLong("plan-out"), help: ArgumentHelp("Where to write the plan.", valueName: "FILE"))
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
        }

        func run() throws {
            let seconds = duration
            var (options, _) = try common.options()
            if let every = rotateEvery {
                for s in stall where !options.topology.servers.contains(s) {
                    throw ValidationError("--stall: '\(s)' is not a called service (\(options.topology.servers.joined(separator: ", ")))")
                }
                options.rotation = LabRotation(every: every, lifetime: lifetime.flatMap(DurationText.parse) ?? 7 * 86400, stalled: stall)
            }
            let world: LabWorld
            do { world = try LabWorld(options) } catch let e as LabError { throw CommandFailure(e.description) } catch {
                throw CommandFailure("cannot start the lab: \(error)")
            }
            defer { world.stop() }
            guard FileManager.default.createFile(atPath: planOut, contents: Data(world.planYAML().utf8)) else {
                throw CommandFailure("cannot write the plan to '\(planOut)'")
            }
            for s in world.servers {
                print("\(s.service)@\(s.environment.rawValue)\t\(s.target)\t\(s.serverName)\tTLS \(s.tls)\tclient certificate \(s.clientCertificate.rawValue)"
                      + (s.fault.map { "\tfault: \($0.rawValue)" } ?? ""))
            }
            print("plan: \(planOut) (\(world.cells.count) checks); files: \(world.options.workDirectory)")
            print("run:  meshcert handshake --plan \(planOut) --at \(Timestamp.format(world.options.at))")
            fflush(nil)  // every stream: the plan path must reach a pipe before we sleep
            let end = seconds.map { Date().addingTimeInterval($0) } ?? .distantFuture
            guard let every = rotateEvery else {
                Thread.sleep(until: end)
                return
            }
            var next = Date().addingTimeInterval(every)
            while next < end {
                Thread.sleep(until: next)
                do {
                    for line in try world.rotate(now: Timestamp.now()) { print("rotated \(line)") }
                } catch {
                    Terminal.warn("meshcert lab serve: rotation failed: \(error)")
                }
                fflush(nil)
                next = next.addingTimeInterval(every)
            }
            Thread.sleep(until: end)
        }
    }
}
