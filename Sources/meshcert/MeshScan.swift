import ArgumentParser
import Foundation
import MeshcertAppMesh
import MeshcertSupport

struct MeshScan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Service by service: how App Mesh uses certificates and what stands in the way of Service Connect.",
        discussion: """
        Findings (code, severity):
          mtls_server, mtls_client   blocker  Service Connect has no mutual TLS
          weighted_routing           blocker  a route with more than one weighted target
          shared_mesh                warning  needs a RAM-shared Cloud Map namespace, same Region
          permissive_tls             warning  the listener accepts plaintext today
          general_purpose_ca         warning  a Private CA is trusted / ACM certificates are used;
                                              monthly cost of both CA modes in the summary
          dns_service_discovery      warning  needs a Cloud Map namespace
          virtual_gateway            warning  ingress needs another front door (ALB)
          certificate_file_missing   warning  (--certs) a configured file was not found
          no_tls                     info     plaintext only today
          file_or_sds_certificate    info     Service Connect manages certificates itself
        plus, with --certs, the certificate findings of the linked files (expired, weak key...).
        A service is ready when it has no blocker and no weighted route sends traffic to it.

        Examples:
          meshcert mesh scan Certs/appmesh
          meshcert mesh scan export/ --certs Certs/pki --at 2026-12-02T00:00:00Z --format json
          meshcert mesh scan Certs/appmesh/k8s --format csv --fail-on blocker

        Exit codes: 0 done; 1 a finding at or above --fail-on; 2 usage error or no App Mesh configuration found.
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

    @Option(help: ArgumentHelp("Exit 1 when a finding of this severity or worse exists (blocker, warning, info).",
                               valueName: "severity"))
    var failOn: MeshSeverity?

    func run() throws {
        let prices = try input.prices()
        let config = try input.load()
        let linker = certs.isEmpty ? nil : try MeshCertificates.linker(certs, at: time.time)
        let result = MeshAnalyzer.analyze(config, prices: prices, tasksPerService: input.tasksPerService, certificates: linker)
        switch format {
        case .json: print(MeshDocument(result).render())
        case .csv: print(MeshScanText.csv(result), terminator: "")
        case .table: print(MeshScanText.table(result, colour: Terminal.useColour), terminator: "")
        }
        if format != .table && !result.errors.isEmpty {
            Terminal.warn("meshcert: \(result.errors.count) App Mesh file(s) could not be read in full (see \"errors\")")
        }
        if let failOn, result.hasFinding(atOrAbove: failOn) { throw ExitCode(1) }
    }
}

extension MeshSeverity: ExpressibleByArgument {}
