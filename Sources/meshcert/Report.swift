import ArgumentParser
import Foundation
import MeshcertAppMesh
import MeshcertHandshake
import MeshcertInventory
import MeshcertReport
import MeshcertRotation
import MeshcertSupport

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The migration readiness report: one self-contained HTML page and its JSON.",
        discussion: """
        Runs what it is given and joins the results, service by service:
          --certs DIR    the certificate inventory (meshcert scan)
          --mesh PATH    App Mesh TLS setup, blockers, Service Connect plans
                         (meshcert mesh; configured certificate files are
                         linked to the --certs inventory)
          --scenario F   rotation of the services the mesh names (meshcert rotate)
          --plan F       the plan's handshake checks (meshcert handshake)
          --lab          both worlds on loopback for the mesh's services
                         (meshcert lab)
        and writes to --out DIR (the folder 0700, the files 0600):
          report.html    one page, inline CSS and SVG, nothing fetched,
                         printable: summary, services, certificate expiry,
                         rotation, handshake matrix, cost of both CA modes
          report.json    schema meshcert.report.v1: summary, joined services,
                         and the component documents, so that the page can
                         be regenerated (--rerender) and reports diffed
        --previous DIR adds "since last report": certificates added, removed
        and renewed, blockers fixed and new. With no input at all, the report
        says that there is nothing to report (exit 0).

        Examples:
          meshcert report --certs Certs --mesh Certs/appmesh \\
              --scenario Certs/scenarios/demo.yaml --lab --out out/report
          meshcert report --certs /etc/envoy/certs --mesh export/ \\
              --plan checks.yaml --out r2 --previous r1
          meshcert report --rerender out/report

        Exit codes:
          0  report written (blockers, exposure, failed handshakes are in it)
          1  report written, and a handshake check missed its expectation,
             or a --fail-on condition held
          2  usage error; an input that does not exist or cannot be read
             (scenario, plan, previous report); the lab cannot start;
             --out cannot be written
        """
    )

    @Option(name: .customLong("certs"), help: ArgumentHelp("Certificate files or folders to scan (repeatable).", valueName: "dir"))
    var certs: [String] = []

    @Option(name: .customLong("mesh"), help: ArgumentHelp("App Mesh configuration: aws CLI exports or CRDs (repeatable).", valueName: "path"))
    var mesh: [String] = []

    @Option(help: ArgumentHelp("Rotation scenario (YAML or JSON); with --mesh, the mesh's services are simulated.", valueName: "file"))
    var scenario: String?

    @Option(help: ArgumentHelp("Handshake plan (YAML) of named checks.", valueName: "file"))
    var plan: String?

    @Flag(help: "Run the loopback lab (both worlds) on the services the mesh names (default: frontend -> users, stock).")
    var lab = false

    @Option(help: ArgumentHelp("Evaluation time (RFC 3339); default now.", valueName: "time"))
    var at: String?

    @Option(help: ArgumentHelp("Folder to write report.html and report.json to.", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("Folder of an earlier report (its report.json): adds \"since last report\".", valueName: "dir"))
    var previous: String?

    @Option(help: ArgumentHelp("Rewrite DIR/report.html from DIR/report.json, running nothing.", valueName: "dir"))
    var rerender: String?

    @Option(help: ArgumentHelp("Trust anchors for the scan's chain check (repeatable).", valueName: "file"))
    var trust: [String] = []

    @Option(name: .customLong("pkcs12-password-file"), help: ArgumentHelp("Candidate PKCS#12 passwords, one per line (never printed).", valueName: "file"))
    var pkcs12PasswordFile: String?

    @Option(help: ArgumentHelp("The demo PKI the lab's App Mesh world uses.", valueName: "dir"))
    var pki: String = "Certs/pki"

    @Option(name: .customLong("pca-arn"), help: ArgumentHelp("Short-lived Private CA for the Service Connect plans.", valueName: "arn"))
    var pcaArn: String = "arn:aws:acm-pca:REGION:ACCOUNT:certificate-authority/SHORT-LIVED-CA"

    @Option(help: "Tasks per service (rotation of mesh services, certificate counts).")
    var tasks: Int = 1

    @Option(name: .customLong("fail-on"), help: ArgumentHelp(
        "Exit 1 when any of these hold (comma-separated): blocker, expired, exposure, handshake.", valueName: "list"))
    var failOn: String?

    static let failOnValues = ["blocker", "expired", "exposure", "handshake"]
    /// Above this many called services the lab keeps its default topology (two servers each).
    static let labServiceLimit = 12

    func validate() throws {
        if let at, Timestamp.parse(at) == nil { throw ValidationError("--at \(at): not an RFC 3339 time such as 2026-12-02T00:00:00Z") }
        if plan != nil && lab { throw ValidationError("give --plan FILE or --lab, not both") }
        if tasks < 1 { throw ValidationError("--tasks must be at least 1") }
        if rerender == nil && out == nil { throw ValidationError("--out DIR is required (the folder for report.html and report.json)") }
        if rerender != nil && (out != nil || !certs.isEmpty || !mesh.isEmpty || scenario != nil || plan != nil || lab || previous != nil) {
            throw ValidationError("--rerender DIR runs nothing: give it alone")
        }
        for value in failOnList where !Self.failOnValues.contains(value) {
            throw ValidationError("--fail-on: unknown value '\(value)'; known: \(Self.failOnValues.joined(separator: ", "))")
        }
    }

    var failOnList: [String] {
        (failOn ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() throws {
        if let rerender { return try rerenderPage(rerender) }
        let out = out!
        let time = at.flatMap(Timestamp.parse) ?? Timestamp.now()
        for path in certs + mesh + [scenario, plan].compactMap({ $0 }) where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no such file or folder: \(path)")
        }
        let previousReport = try previous.map { try readReport($0, flag: "--previous") }

        var inputs = ReportInputs(evaluatedAt: time)
        inputs.sources = [
            ("certs", .strings(certs)), ("mesh", .strings(mesh)), ("scenario", .string(scenario)),
            ("plan", .string(plan)), ("lab", .bool(lab)), ("previous", .string(previous)),
            ("trust", .strings(trust)), ("tasksPerService", .int(tasks)), ("pcaArn", .string(mesh.isEmpty ? nil : pcaArn)),
        ]

        // 1. Inventory.
        var inventory: Inventory?
        if !certs.isEmpty {
            var options = ScanOptions(evaluatedAt: time)
            options.trustFiles = trust
            options.pkcs12Passwords = try PasswordSource.pkcs12Passwords(file: pkcs12PasswordFile)
            do { inventory = try InventoryScanner.scan(paths: certs, options: options) } catch {
                throw ValidationError("no such file or folder: " + error.paths.joined(separator: ", "))
            }
            inputs.scan = try JSONValueEncoder().encode(ScanDocument(inventory!))
        }

        // 2. App Mesh readiness and Service Connect plans, certificate paths linked to the inventory.
        var meshHasNodes = false
        if !mesh.isEmpty {
            let config = AppMeshLoader.load(paths: mesh)
            if config.filesRead == 0 {
                inputs.notes.append("no App Mesh configuration found in \(mesh.joined(separator: ", ")) (\(config.filesSkipped) file(s) skipped)")
            } else {
                let result = MeshAnalyzer.analyze(config, tasksPerService: tasks, certificates: inventory.map { CertificateLinker(inventory: $0) })
                inputs.mesh = try JSONValueEncoder().encode(MeshDocument(result))
                let planOptions = ServiceConnectPlanOptions(pcaArn: pcaArn)
                inputs.plan = try JSONValueEncoder().encode(MeshPlanDocument(ServiceConnectPlanner.plan(result, options: planOptions), result: result, options: planOptions))
                meshHasNodes = config.nodes.contains { $0.kind == .virtualNode }
            }
        }

        // 3. Rotation of the services the mesh names (the scenario's own, without a mesh); the
        //    same fleet (who calls whom) is the lab's topology.
        var fleet: [Service]? = nil
        func fromMesh(_ base: [Service]) -> [Service]? {
            do { return try meshServices(mesh, base: base, tasks: tasks) } catch {
                inputs.notes.append("the mesh's services could not be simulated or used by the lab (see the messages on stderr)")
                return nil
            }
        }
        if let scenario {
            var loaded = try loadScenario(scenario, seed: nil, servicesFromElsewhere: meshHasNodes)
            if meshHasNodes, let services = fromMesh(loaded.scenario.services) {
                loaded.scenario.services = services
                fleet = services
            }
            if loaded.scenario.services.isEmpty {
                inputs.notes.append("rotation not simulated: \(scenario) lists no service and none came from the mesh")
            } else {
                let (result, cost) = CostComparison.simulate(loaded.scenario, options: SimulationOptions(recordCertificates: true))
                inputs.rotation = RotationReport(file: scenario, result: result, cost: cost, warnings: loaded.warnings).json()
                inputs.rotationTimelineSVG = TimelineSVG(result: result).render()
            }
        } else if meshHasNodes && lab {
            fleet = fromMesh([])
        }

        // 4. Handshakes: a plan, or the lab on the mesh's services.
        if let plan {
            let checks: [HandshakeCheck]
            do { checks = try HandshakePlan.load(path: plan, timeouts: HandshakeTimeouts(), at: at.flatMap(Timestamp.parse)) }
            catch let error as HandshakePlan.Error { throw ValidationError(error.description) }
            let results = try HandshakeEngine.run(checks)
            inputs.handshake = HandshakeReport.json(results, at: at.flatMap(Timestamp.parse))
            inputs.handshakeServices = checks.map { ($0.clientService, $0.serverService) }
        } else if lab {
            inputs.handshake = try runLab(at: time, fleet: fleet, notes: &inputs.notes)
        }

        // 5. The report.
        // The page is drawn from report.json as written (numbers as rounded there), so that
        // `--rerender` gives the same page byte for byte.
        let text = ReportBuilder.build(inputs, previous: previousReport, previousPath: previous).render() + "\n"
        let report: JSON
        do { report = try JSON.parse(text) } catch { throw ValidationError("internal error: the report does not read back: \(error)") }
        let html = ReportHTML.render(report)
        do { try ReportFiles.write(directory: out, json: text, html: html) }
        catch { throw ValidationError(error.description) }

        let summary = report[path: "summary"]
        print(ReportConsole.summary(report))
        print("report: \(out)/report.html")
        print("data:   \(out)/report.json")

        // 6. Exit code.
        let missed = summary[path: "handshakes", "missedExpectation"].intValue ?? 0
        var failed = missed > 0
        let wanted = Set(failOnList)
        if wanted.contains("blocker") && (summary[path: "services", "blocked"].intValue ?? 0) > 0 { failed = true }
        if wanted.contains("expired") && (summary[path: "certificates", "expired"].intValue ?? 0) > 0 { failed = true }
        if wanted.contains("exposure") && (summary[path: "rotation", "exposedSeconds"].intValue ?? 0) > 0 { failed = true }
        if wanted.contains("handshake") && (summary[path: "handshakes", "failed"].intValue ?? 0) > 0 { failed = true }
        if failed { throw ExitCode(1) }
    }

    /// The lab on the services the mesh names (who calls whom), or its default topology.
    func runLab(at time: EpochSeconds, fleet: [Service]?, notes: inout [String]) throws -> JSON {
        var topology = LabTopology.sample
        if let fleet {
            var calls: [String: [String]] = [:]
            for s in fleet { for c in s.clients { calls[c, default: []].append(s.name) } }
            let valid = { (n: String) in !n.isEmpty && n.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }
            let names = fleet.map(\.name).filter(valid)
            let called = Set(calls.values.flatMap { $0 })
            if called.count > Self.labServiceLimit {
                notes.append("the mesh calls \(called.count) services: the lab ran its default topology (frontend -> users, stock) rather than \(called.count * 2) loopback servers; use --plan for real endpoints")
            } else if names.contains(where: { !(calls[$0] ?? []).isEmpty }) {
                let yaml = "services:\n" + names.map { n in
                    "  - name: \(n)\n    calls: [\((calls[n] ?? []).filter(valid).joined(separator: ", "))]"
                }.joined(separator: "\n") + "\n"
                do { topology = try LabTopology.parse(yaml, source: "the mesh's services") } catch {
                    notes.append("the lab used its default topology: \(error)")
                }
            } else {
                notes.append("no virtual node of the mesh calls another: the lab used its default topology (frontend -> users, stock)")
            }
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-report-lab-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: work) }
        let world: LabWorld
        do {
            world = try LabWorld(LabOptions(topology: topology, at: time, pkiDirectory: pki, workDirectory: work))
        } catch let error as LabError {
            throw ValidationError("--lab: \(error.description)")
        } catch {
            throw ValidationError("--lab: cannot start the lab: \(error)")
        }
        defer { world.stop() }
        let results = try world.runMatrix(jobs: 4)
        return LabReport.json(world, results)
    }

    func readReport(_ dir: String, flag: String) throws -> JSON {
        let path = dir.hasSuffix(".json") ? dir : dir + "/report.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("\(flag) \(dir): cannot read \(path)")
        }
        let doc: JSON
        do { doc = try JSON.parse(String(decoding: data, as: UTF8.self)) } catch {
            throw ValidationError("\(flag) \(path): not JSON (\(error.description))")
        }
        guard doc["schema"]?.stringValue == ReportBuilder.schema else {
            throw ValidationError("\(flag) \(path): not a meshcert report (schema \(ReportBuilder.schema) expected)")
        }
        return doc
    }

    func rerenderPage(_ dir: String) throws {
        let report = try readReport(dir, flag: "--rerender")
        do { try ReportFiles.write(directory: dir, json: nil, html: ReportHTML.render(report)) }
        catch { throw ValidationError(error.description) }
        print("report: \(dir)/report.html (from \(dir)/report.json)")
    }
}
