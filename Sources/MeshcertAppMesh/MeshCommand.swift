import Foundation
import MeshcertInventory
import MeshcertSupport

/// The steps `meshcert mesh scan` and `mesh plan` share, with the command line's messages:
/// failures are `CommandFailure` (exit 2).
public enum MeshCommand {
    /// `--prices FILE`, or the list prices.
    public static func prices(file: String?) throws -> PrivateCAPriceTable {
        guard let file else { return .listPrices }
        guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("--prices \(file): cannot be read") }
        do { return try PrivateCAPriceTable.decode(data, file: file) } catch let e as Diagnostic { throw CommandFailure("--prices " + e.description) }
    }

    /// Reads the inputs; a PATH that does not exist is a failure, as in `meshcert scan`. When none
    /// holds App Mesh configuration, says what was skipped and why on stderr (`reported`, exit 2).
    public static func load(paths: [String]) throws -> AppMeshConfiguration {
        let missing = paths.filter { !FileManager.default.fileExists(atPath: $0) }
        if !missing.isEmpty { throw CommandFailure("\(missing.joined(separator: ", ")): no such file or folder") }
        let config = AppMeshLoader.load(paths: paths)
        if config.filesRead == 0 { throw nothingFound(config, paths: paths) }
        return config
    }

    /// Says on stderr what was skipped and why when `paths` held no App Mesh configuration; the
    /// failure to throw (already reported: exit 2).
    public static func nothingFound(_ config: AppMeshConfiguration, paths: [String]) -> CommandFailure {
        for e in config.errors { Terminal.warn("meshcert: \(e.description)") }
        let why = config.skippedBy.description
        Terminal.warn("meshcert: no App Mesh configuration found in \(paths.joined(separator: ", ")) "
                      + "(\(config.filesSkipped) file(s) skipped\(why.isEmpty ? "" : ": " + why); read are aws CLI App Mesh output "
                      + "and request files, appmesh.k8s.aws resources and CloudFormation AWS::AppMesh::* resources)")
        return CommandFailure.reported()
    }

    /// `--certs DIR`: the certificate inventory (as `meshcert scan` builds it) configured paths link to.
    public static func linker(certs: [String], at: EpochSeconds) throws -> CertificateLinker? {
        if certs.isEmpty { return nil }
        do {
            return CertificateLinker(inventory: try InventoryScanner.scan(paths: certs, options: ScanOptions(evaluatedAt: at)))
        } catch {
            throw CommandFailure("--certs \(error.paths.joined(separator: ", ")): no such file or folder")
        }
    }

    /// `mesh plan`: the JSON document on stdout without `out`; with it, the files and a table of them.
    public static func plan(_ result: MeshScanResult, options: ServiceConnectPlanOptions, out: String?) throws -> String {
        let plans = ServiceConnectPlanner.plan(result, options: options)
        guard let out else { return MeshPlanDocument(plans, result: result, options: options).render() }
        let files = try ServiceConnectPlanFiles.write(plans, result: result, options: options, to: out)
        var table = TextTable(header: ["MESH", "NODE", "FILE", "READY", "BLOCKERS"])
        for (i, plan) in plans.enumerated() {
            table.add([plan.mesh, plan.node, files[i] ?? "", plan.ready ? "yes" : "no", plan.blockers.map(\.code).joined(separator: ", ")])
        }
        return table.render() + "\n"
            + "\(plans.count) plan(s) in \(out), \(plans.filter(\.ready).count) ready; blockers, warnings and notes in \(out)/summary.json"
    }

    /// `mesh scan`'s notes on stderr and its exit status: 1 when `failOn` holds (and why, when
    /// nothing shown reached the threshold but unread resources may hide a blocker), else 0.
    /// `documentOutput`: json or csv, which carry the errors without saying so on screen.
    public static func scanStatus(_ result: MeshScanResult, documentOutput: Bool, failOn: MeshSeverity?) -> Int32 {
        if documentOutput && !result.errors.isEmpty {
            Terminal.warn("meshcert: \(result.errors.count) App Mesh file(s) could not be read in full (see \"errors\")")
        }
        guard let failOn, result.failsGate(failOn) else { return 0 }
        if !result.hasFinding(atOrAbove: failOn) {
            Terminal.warn("meshcert: failing (--fail-on \(failOn.rawValue)): \(result.errors.count) App Mesh resource(s) could not be read and may hide a blocker")
        }
        return 1
    }
}
