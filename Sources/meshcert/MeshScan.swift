import ArgumentParser
import Foundation
import MeshcertAppMesh
import MeshcertSupport

struct MeshScan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Service by service: how App Mesh uses certificates and what stands in the way of Service Connect.",
        discussion: """
        Per virtual node: its listeners' and backends' TLS, what Service Connect cannot carry over \
        (blockers: mutual TLS, weighted or match routing), warnings and infos, and the monthly cost of \
        both Private CA modes. With --certs, configured certificate files are linked to the scanned \
        ones. Findings and the JSON schema: docs/mesh.md.

          meshcert mesh scan Certs/appmesh
          meshcert mesh scan export/ --certs Certs/pki --format json
          meshcert mesh scan Certs/appmesh/k8s --format csv --fail-on blocker

        Exit codes: 0 done; 1 a finding at or above --fail-on, or (with --fail-on) an App Mesh resource \
        that could not be read; 2 usage error or no App Mesh configuration found.
        """
    )

    @OptionGroup var input: MeshInputOptions

    @Option(name: .customLong("certs"), help: ArgumentHelp(
        "Folder of certificate files the proxies use; configured paths are linked by the longest matching path suffix.",
        valueName: "dir"))
    var certs: [String] = []

    @OptionGroup var time: EvaluationTimeOption

    @Option(help: "Output format: table, json or csv.")
    var format: MeshFormat = .table

    @Option(help: ArgumentHelp("Exit 1 when a finding of this severity or worse exists (blocker, warning, info), or an App Mesh resource could not be read. Repeated: the widest counts.",
                               valueName: "severity"))
    var failOn: [MeshSeverity] = []

    func run() throws {
        let result = try input.analyze(certs: certs, at: time.time)
        switch format {
        case .json: StandardOutput.print(MeshDocument(result).render())
        case .csv: StandardOutput.print(MeshScanText.csv(result), terminator: "")
        case .table: StandardOutput.print(MeshScanText.table(result, colour: Terminal.useColour), terminator: "")
        }
        let status = MeshCommand.scanStatus(result, documentOutput: format != .table, failOn: failOn.max())   // repeated: the widest gate
        if status != 0 { throw ExitCode(status) }
    }
}

extension MeshSeverity: ExpressibleByArgument {}
