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
          match_routing              blocker  a router sends different matches (path, headers,
                                              method, query, port, gRPC) to different nodes
          shared_mesh                warning  needs a RAM-shared Cloud Map namespace, same Region
          permissive_tls             warning  the listener accepts plaintext today
          general_purpose_ca         warning  a Private CA is trusted / ACM certificates are used;
                                              monthly cost of both CA modes in the summary
          dns_service_discovery      warning  needs a Cloud Map namespace
          virtual_gateway            warning  ingress needs another front door (ALB)
          certificate_file_missing   warning  (--certs) a configured file was not found
          conflicting_definitions    warning  one resource defined differently in two files;
                                              the stricter definition is reported
          unresolved_mesh            warning  a CRD without meshRef whose mesh cannot be told
          no_tls                     info     plaintext only today
          file_or_sds_certificate    info     Service Connect manages certificates itself
        plus, with --certs, the certificate findings of the linked files (expired, weak key...).
        A service is ready when it has no blocker and no weighted or match route sends traffic to it.
        An App Mesh resource that could not be read ("errors") may hide a blocker: with --fail-on
        (any severity) it fails the run.

        Examples:
          meshcert mesh scan Certs/appmesh
          meshcert mesh scan export/ --certs Certs/pki --at 2026-12-02T00:00:00Z --format json
          meshcert mesh scan Certs/appmesh/k8s --format csv --fail-on blocker

        Exit codes: 0 done; 1 a finding at or above --fail-on, or (with --fail-on) an App Mesh
        resource that could not be read; 2 usage error or no App Mesh configuration found.
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

    @Option(help: ArgumentHelp("Exit 1 when a finding of this severity or worse exists (blocker, warning, info), or an App Mesh resource could not be read.",
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
        if let failOn, result.failsGate(failOn) {
            if !result.hasFinding(atOrAbove: failOn) {
                // Say why: nothing in the output reached the threshold, the unread resources did.
                Terminal.warn("meshcert: failing (--fail-on \(failOn.rawValue)): \(result.errors.count) App Mesh resource(s) could not be read and may hide a blocker")
            }
            throw ExitCode(1)
        }
    }
}

extension MeshSeverity: ExpressibleByArgument {}
