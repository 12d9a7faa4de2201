import ArgumentParser
import Foundation
import MeshcertAppMesh
import MeshcertSupport

/// Inputs shared by `mesh scan` and `mesh plan`.
struct MeshInputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Files or folders holding App Mesh configuration (read recursively).", valueName: "path"))
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

    func prices() throws -> PrivateCAPriceTable {
        guard let pricesFile else { return .listPrices }
        guard let data = FileManager.default.contents(atPath: pricesFile) else {
            throw CommandFailure("--prices \(pricesFile): cannot be read")
        }
        do { return try PrivateCAPriceTable.decode(data, file: pricesFile) }
        catch let e as Diagnostic { throw CommandFailure("--prices " + e.description) }
    }

    /// Reads the inputs; exits 2 when none of them holds App Mesh configuration.
    func load() throws -> AppMeshConfiguration {
        // A PATH that does not exist is a usage error, as in `meshcert scan`.
        let missing = paths.filter { !FileManager.default.fileExists(atPath: $0) }
        if !missing.isEmpty {
            throw CommandFailure("\(missing.joined(separator: ", ")): no such file or folder")
        }
        let config = AppMeshLoader.load(paths: paths)
        if config.filesRead == 0 {
            for e in config.errors { Terminal.warn("meshcert: \(e.description)") }
            let why = config.skippedBy.description
            Terminal.warn("meshcert: no App Mesh configuration found in \(paths.joined(separator: ", ")) "
                          + "(\(config.filesSkipped) file(s) skipped\(why.isEmpty ? "" : ": " + why); read are aws CLI App Mesh output "
                          + "and request files, appmesh.k8s.aws resources and CloudFormation AWS::AppMesh::* resources)")
            throw ExitCode(2)
        }
        return config
    }
}

enum MeshFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}
