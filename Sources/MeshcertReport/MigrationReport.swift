import Foundation
import MeshcertAppMesh
import MeshcertAWS
import MeshcertHandshake
import MeshcertInventory
import MeshcertRotation
import MeshcertSupport

/// `meshcert report`: runs the components it is given (inventory, App Mesh readiness and plans,
/// rotation of the mesh's services, a handshake plan or the lab), joins their results, writes
/// report.json and report.html, and evaluates `--fail-on`. Run-time failures throw
/// `CommandFailure` (exit 2).
public enum MigrationReport {
    /// Above this many called services the lab keeps its default topology (two servers each).
    public static let labServiceLimit = 12

    public static func run(_ options: ReportOptions) throws -> ReportOutcome {
        let o = options
        let time = o.at ?? Timestamp.now()
        for path in o.certs + o.mesh + [o.scenario, o.plan, o.aws].compactMap({ $0 }) where !FileManager.default.fileExists(atPath: path) {
            throw CommandFailure("no such file or folder: \(path)")
        }
        let previousReport = try o.previous.map { try readReport($0, flag: "--previous") }

        var inputs = ReportInputs(evaluatedAt: time)
        inputs.sources = ReportSources(certs: o.certs, mesh: o.mesh, scenario: o.scenario, plan: o.plan, lab: o.lab, previous: o.previous,
                                       trust: o.trust, tasksPerService: o.tasks, pcaArn: o.mesh.isEmpty ? nil : o.pcaArn, aws: o.aws)

        // 1. Inventory.
        var inventory: Inventory?
        if !o.certs.isEmpty {
            var scan = ScanOptions(evaluatedAt: time)
            scan.trustFiles = o.trust
            scan.pkcs12Passwords = try o.pkcs12Passwords()
            do { inventory = try InventoryScanner.scan(paths: o.certs, options: scan) } catch {
                throw CommandFailure("no such file or folder: " + error.paths.joined(separator: ", "))
            }
            // Files given and none of them readable is a bad input (exit 2), as for `scan`; an
            // empty folder is only "nothing to report".
            if let inv = inventory, inv.nothingReadable {
                throw CommandFailure("--certs: nothing readable: " + inv.errors.map { "\($0.file): \($0.message)" }.joined(separator: "; "))
            }
            inputs.scan = ScanDocument(inventory!)
        }

        // 2. App Mesh readiness and Service Connect plans, certificate paths linked to the inventory.
        var meshHasNodes = false
        if !o.mesh.isEmpty {
            let config = AppMeshLoader.load(paths: o.mesh)
            if config.filesRead == 0 {
                // Files given and none of them App Mesh configuration: a bad input, as for `mesh scan`.
                if config.filesSkipped > 0 || !config.errors.isEmpty { throw MeshCommand.nothingFound(config, paths: o.mesh) }
                inputs.notes.append("no App Mesh configuration found in \(o.mesh.joined(separator: ", ")) (\(config.filesSkipped) file(s) skipped)")
            } else {
                let result = MeshAnalyzer.analyze(config, tasksPerService: o.tasks, certificates: inventory.map { CertificateLinker(inventory: $0) })
                if !result.errors.isEmpty {   // they may hide a blocker: say so where the summary is read
                    inputs.notes.append("\(result.errors.count) App Mesh file(s) could not be read in full and may hide a blocker: "
                                        + result.errors.map(\.description).joined(separator: "; "))
                }
                inputs.mesh = MeshDocument(result)
                let planOptions = ServiceConnectPlanOptions(pcaArn: o.pcaArn)
                inputs.plan = MeshPlanDocument(ServiceConnectPlanner.plan(result, options: planOptions), result: result, options: planOptions)
                meshHasNodes = config.nodes.contains { $0.kind == .virtualNode }
            }
        }

        // 3. Rotation of the services the mesh names (the scenario's own, without a mesh); the
        //    same fleet (who calls whom) is the lab's topology.
        var fleet: [Service]? = nil
        func fromMesh(_ base: [Service]) -> [Service]? {
            do { return try o.meshFleet(o.mesh, base, o.tasks) } catch {
                inputs.notes.append("the mesh's services could not be simulated or used by the lab (see the messages on stderr)")
                return nil
            }
        }
        if let scenario = o.scenario {
            // Its issues go to stderr as `meshcert rotate` prints them; the report then exits 2.
            var loaded = try RotationCommand.loadScenario(scenario, seed: nil, servicesFromElsewhere: meshHasNodes)
            if meshHasNodes, let services = fromMesh(loaded.scenario.services) {
                loaded.scenario.services = services
                fleet = services
            }
            if let problem = loaded.scenario.fleetSizeProblem { throw CommandFailure("--tasks: " + problem) }
            // Read as a fleet from elsewhere, so the reader did not warn: the fleet simulated (the
            // mesh's, or the scenario's own when the mesh's could not be built) is checked here.
            if meshHasNodes { RotationCommand.warnAboutFleet(&loaded, file: scenario) }
            if loaded.scenario.services.isEmpty {
                inputs.notes.append("rotation not simulated: \(scenario) lists no service and none came from the mesh")
            } else {
                let (result, cost) = CostComparison.simulate(loaded.scenario, options: SimulationOptions(recordCertificates: true))
                inputs.rotation = RotationDocument(file: scenario, result: result, cost: cost, warnings: loaded.warnings)
                inputs.notes += loaded.warnings.map { "scenario: \($0.description)" }
                inputs.rotationTimelineSVG = TimelineSVG(result: result).render()
            }
        } else if meshHasNodes && o.lab {
            fleet = fromMesh([])
        }

        // 4. Handshakes: a plan, or the lab on the mesh's services.
        if let plan = o.plan {
            let checks: [HandshakeCheck]
            do { checks = try HandshakePlan.load(path: plan, timeouts: HandshakeTimeouts(), at: o.at) }
            catch let error as HandshakePlan.Error { throw CommandFailure(error.description) }
            let results = try HandshakeEngine.run(checks)
            inputs.handshake = .plan(HandshakeDocument(results: results, at: o.at))
            inputs.handshakeServices = checks.map { ($0.clientService, $0.serverService) }
        } else if o.lab {
            inputs.handshake = try runLab(at: time, pki: o.pki, fleet: fleet, notes: &inputs.notes)
        }

        // 5. The blue/green migration from an AWS snapshot (`meshcert aws status`).
        if let aws = o.aws {
            let migration = try MigrationStatus.run(snapshotDirectory: aws, options: MigrationOptions(at: time))
            if !migration.problems.isEmpty {
                inputs.notes.append("\(migration.problems.count) part(s) of the AWS snapshot \(aws) could not be read: "
                                    + migration.problems.map(\.message).joined(separator: "; "))
            }
            inputs.migration = migration
        }

        // 6. The report.
        // The page is drawn from report.json as written and read back (numbers as rounded
        // there), so that `--rerender` gives the same page byte for byte.
        let report: ReportDocument, text: String
        do {
            (text, report) = try ReportBuilder.build(inputs, previous: previousReport, previousPath: o.previous).written()
        } catch { throw CommandFailure("internal error: the report does not read back: \(error)") }
        let html = ReportHTML.render(report)
        do { try ReportFiles.write(directory: o.out, json: text, html: html) }
        catch { throw CommandFailure(error.description) }

        // 7. Exit status.
        let failed = report.summary.handshakes.missedExpectation > 0 || o.failOn.contains { report.summary.holds($0) }
        return ReportOutcome(report: report, htmlPath: o.out + "/report.html", jsonPath: o.out + "/report.json", exitStatus: failed ? 1 : 0)
    }

    /// `--rerender DIR`: rewrites DIR/report.html from DIR/report.json, running nothing.
    /// Returns the page's path.
    public static func rerender(_ dir: String) throws -> String {
        let report = try readReport(dir, flag: "--rerender")
        do { try ReportFiles.write(directory: dir, json: nil, html: ReportHTML.render(report)) }
        catch { throw CommandFailure(error.description) }
        return dir + "/report.html"
    }

    /// The lab on the services the mesh names (who calls whom), or its default topology.
    static func runLab(at time: EpochSeconds, pki: String, fleet: [Service]?, notes: inout [String]) throws -> HandshakeComponent {
        var topology = LabTopology.sample
        if let fleet {
            switch labTopology(fleet) {
            case .success(let t): topology = t
            case .failure(let note): notes.append(note.description)
            }
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-report-lab-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: work) }
        let world: LabWorld
        do {
            world = try LabWorld(LabOptions(topology: topology, at: time, pkiDirectory: pki, workDirectory: work))
        } catch let error as LabError {
            throw CommandFailure("--lab: \(error.description)")
        } catch {
            throw CommandFailure("--lab: cannot start the lab: \(error)")
        }
        defer { world.stop() }
        let results = try world.runMatrix(jobs: 4)
        return .lab(LabDocument(world: world, results: results))
    }

    /// The lab's topology from the fleet: every service with the services it calls. A note (and
    /// the default topology) when the mesh calls too many services, none, or cannot be used.
    static func labTopology(_ fleet: [Service]) -> Result<LabTopology, LabError> {
        var calls: [String: [String]] = [:]
        for s in fleet { for c in s.clients { calls[c, default: []].append(s.name) } }
        let valid = { (n: String) in !n.isEmpty && n.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }
        let names = fleet.map(\.name).filter(valid)
        let called = Set(calls.values.flatMap { $0 })
        if called.count > labServiceLimit {
            return .failure(LabError("the mesh calls \(called.count) services: the lab ran its default topology (frontend -> users, stock) rather than \(called.count * 2) loopback servers; use --plan for real endpoints"))
        }
        guard names.contains(where: { !(calls[$0] ?? []).isEmpty }) else {
            return .failure(LabError("no virtual node of the mesh calls another: the lab used its default topology (frontend -> users, stock)"))
        }
        let topology = LabTopology(services: names.map { LabTopology.Service(name: $0, calls: (calls[$0] ?? []).filter(valid)) })
        // What LabTopology.parse checks of a topology file, for the mesh's services.
        let source = "the mesh's services"
        var seen = Set<String>()
        for s in topology.services where !seen.insert(s.name).inserted {
            return .failure(LabError("the lab used its default topology: \(source): service '\(s.name)' is listed twice"))
        }
        for s in topology.services {
            for c in s.calls where !seen.contains(c) {
                return .failure(LabError("the lab used its default topology: \(source): '\(s.name)' calls '\(c)', which is not a listed service"))
            }
        }
        if topology.clients.isEmpty {
            return .failure(LabError("the lab used its default topology: \(source): no service calls another; nothing to check"))
        }
        return .success(topology)
    }

    /// An earlier report.json, decoded: a `CommandFailure` naming the file, and the field for a
    /// document that is not a report of this schema.
    static func readReport(_ dir: String, flag: String) throws -> ReportDocument {
        let path = dir.hasSuffix(".json") ? dir : dir + "/report.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("\(flag) \(dir): cannot read \(path)")
        }
        let doc: JSON
        do { doc = try JSON.parse(String(decoding: data, as: UTF8.self)) } catch {
            throw CommandFailure("\(flag) \(path): not JSON (\(error.description))")
        }
        guard doc["schema"]?.stringValue == ReportBuilder.schema else {
            throw CommandFailure("\(flag) \(path): not a meshcert report (schema \(ReportBuilder.schema) expected)")
        }
        do { return try JSONValueDecoder().decode(ReportDocument.self, from: doc) } catch let error as DecodingError {
            throw CommandFailure("\(flag) \(path): \(error.fieldDescription)")
        }
    }
}
