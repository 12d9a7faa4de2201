import ArgumentParser
import Foundation
import MeshcertAppMesh
import MeshcertSupport

/// Inputs shared by `mesh scan` and `mesh plan`.
struct MeshInputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Files or folders holding App Mesh configuration (read recursively).", valueName: "path"), completion: .file())
    var paths: [String]

    @Option(name: .customLong("prices"), help: ArgumentHelp(
        "JSON file overriding the Private CA price table (keys: generalPurposeCAMonthly, shortLivedCAMonthly, generalPurposeTiers, shortLivedTiers, ...).",
        valueName: "file"))
    var pricesFile: String?

    @Option(help: "Tasks per service, for the short-lived certificate count (each task gets its own certificate).")
    var tasksPerService: Int = 1

    func validate() throws {
        guard tasksPerService >= 1 else { throw ValidationError("--tasks-per-service must be at least 1") }
    }

    /// The inputs read and analysed (`--prices`, `--tasks-per-service`), certificates linked when given.
    func analyze(certs: [String] = [], at: EpochSeconds = 0) throws -> MeshScanResult {
        let prices = try MeshCommand.prices(file: pricesFile)
        let config = try MeshCommand.load(paths: paths)
        let linker = try MeshCommand.linker(certs: certs, at: at)
        return MeshAnalyzer.analyze(config, prices: prices, tasksPerService: tasksPerService, certificates: linker)
    }
}

enum MeshFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}
