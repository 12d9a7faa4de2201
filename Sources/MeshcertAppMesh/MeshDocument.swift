import MeshcertSupport

/// Schema `meshcert.mesh.v1`: the document of `meshcert mesh scan --format json`. Field names and
/// order are a public contract: properties are declared in the order they are written.
public struct MeshDocument: Codable, Sendable, Equatable {
    public static let schemaName = "meshcert.mesh.v1"

    public var schema: String
    /// The evaluation time of certificate findings (`--certs`); null without it.
    public var evaluatedAt: Instant?
    public var files: Files
    public var meshes: [Mesh]
    public var nodes: [Node]
    public var routes: [Route]
    public var certificateAuthorities: [CertificateAuthority]
    public var errors: [ReadError]
    public var summary: Summary

    public init(schema: String = MeshDocument.schemaName, evaluatedAt: Instant?, files: Files, meshes: [Mesh], nodes: [Node],
                routes: [Route], certificateAuthorities: [CertificateAuthority], errors: [ReadError], summary: Summary) {
        self.schema = schema
        self.evaluatedAt = evaluatedAt
        self.files = files
        self.meshes = meshes
        self.nodes = nodes
        self.routes = routes
        self.certificateAuthorities = certificateAuthorities
        self.errors = errors
        self.summary = summary
    }

    /// meshcert.mesh.v1 `files`: App Mesh files read and skipped.
    public struct Files: Codable, Sendable, Equatable {
        public var read: Int
        public var skipped: Int
        /// Why files were skipped (the counts add up to `skipped`). Optional so that documents
        /// written before it read back (absent there); always written.
        public var skippedBy: SkippedBy?
    }

    /// meshcert.mesh.v1 `files.skippedBy`.
    public struct SkippedBy: Codable, Sendable, Equatable {
        public var cloudFormationWithoutAppMesh: Int
        public var scripts: Int
        public var unknownJSON: Int
        public var tooLarge: Int
        public var other: Int
    }

    /// meshcert.mesh.v1 `meshes[]`.
    public struct Mesh: Codable, Sendable, Equatable {
        public var name: String
        public var awsName: String?
        public var meshOwner: String?
        public var resourceOwner: String?
        public var egressFilter: String?
        public var sources: [String]
    }

    /// meshcert.mesh.v1 `nodes[]`: a virtual node or gateway with its readiness.
    public struct Node: Codable, Sendable, Equatable {
        public var mesh: String
        public var name: String
        public var awsName: String?
        public var kind: NodeKind
        public var meshOwner: String?
        public var resourceOwner: String?
        public var shared: Bool
        public var serviceDiscovery: ServiceDiscovery?
        public var listeners: [Listener]
        public var clientPolicies: [ClientPolicy]
        public var backends: [String]
        public var mtlsServer: Bool
        public var mtlsClient: Bool
        public var trustedCertificateAuthorityArns: [String]
        public var weightedRouteTarget: Bool
        public var ready: Bool
        public var certificates: [LinkedCertificate]
        public var findings: [Finding]
        public var sources: [String]
        /// A router routing by match (`match_routing`) sends traffic to this node.
        public var matchRouteTarget: Bool?
        /// What the reader could not settle and how it decided (CloudFormation `Fn::If`).
        /// These two are optional only so that earlier documents read back; always written.
        public var notes: [String]?
    }

    /// meshcert.mesh.v1 `nodes[].serviceDiscovery`.
    public struct ServiceDiscovery: Codable, Sendable, Equatable {
        public var type: MeshcertAppMesh.ServiceDiscovery.Kind
        public var namespace: String?
        public var service: String?
        public var hostname: String?
    }

    /// meshcert.mesh.v1 `nodes[].listeners[]`.
    public struct Listener: Codable, Sendable, Equatable {
        public var port: Int
        public var `protocol`: String
        public var tlsMode: String?
        public var certificateSource: CertificateSource?
        public var certificateArn: String?
        public var certificateChain: String?
        public var privateKey: String?
        public var secretName: String?
        public var validation: Validation?
        public var timeout: Timeout?
    }

    /// meshcert.mesh.v1 `nodes[].listeners[].timeout`.
    public struct Timeout: Codable, Sendable, Equatable {
        public var idleMilliseconds: Int64?
        public var perRequestMilliseconds: Int64?
    }

    /// meshcert.mesh.v1 `validation` of a listener or client policy.
    public struct Validation: Codable, Sendable, Equatable {
        public var trustSource: CertificateSource
        public var certificateAuthorityArns: [String]
        public var certificateChain: String?
        public var secretName: String?
        public var subjectAlternativeNames: [String]
    }

    /// meshcert.mesh.v1 `nodes[].clientPolicies[]`.
    public struct ClientPolicy: Codable, Sendable, Equatable {
        public var backend: String?
        public var enforce: Bool
        public var ports: [Int]
        public var certificateSource: CertificateSource?
        public var certificateChain: String?
        public var privateKey: String?
        public var secretName: String?
        public var validation: Validation?
    }

    /// meshcert.mesh.v1 `nodes[].certificates[]`: a configured file linked to a scanned one (`--certs`).
    public struct LinkedCertificate: Codable, Sendable, Equatable {
        public var role: String
        public var context: String
        public var configuredPath: String
        public var file: String?
        public var certificates: Int?
        public var subject: String?
        public var notAfter: Instant?
        public var usageMode: String?
        /// Finding codes of the scanned file.
        public var findings: [String]
    }

    /// meshcert.mesh.v1 `findings[]` of nodes and routes (also meshcert.mesh.plan.v1).
    public struct Finding: Codable, Sendable, Equatable {
        public var code: String
        public var severity: MeshSeverity
        public var message: String
        public var fix: String
    }

    /// meshcert.mesh.v1 `routes[]`.
    public struct Route: Codable, Sendable, Equatable {
        public var mesh: String
        public var router: String
        public var name: String
        public var type: String
        public var weightedTargets: [WeightedTarget]
        public var findings: [Finding]
        public var sources: [String]
        /// What the route matches on (`prefix /api`, `header x-canary`); empty: everything.
        public var match: [String]?
        /// See `Node.notes` (optional for the same reason).
        public var notes: [String]?
    }

    /// meshcert.mesh.v1 `routes[].weightedTargets[]`.
    public struct WeightedTarget: Codable, Sendable, Equatable {
        public var virtualNode: String
        public var weight: Int
        public var port: Int?
    }

    /// meshcert.mesh.v1 `certificateAuthorities[]`: a Private CA and the `mesh/node`s trusting it.
    public struct CertificateAuthority: Codable, Sendable, Equatable {
        public var arn: String
        public var referencedBy: [String]
    }

    /// meshcert.mesh.v1 `errors[]` (also meshcert.mesh.plan.v1): a file not read in full.
    public struct ReadError: Codable, Sendable, Equatable {
        public var file: String
        public var field: String
        public var message: String
        /// Where in the file, when known (YAML and JSON syntax errors); optional so that earlier
        /// documents read back.
        public var line: Int?
        public var column: Int?
    }

    /// meshcert.mesh.v1 `summary`.
    public struct Summary: Codable, Sendable, Equatable {
        public var meshes: [MeshCounts]
        public var overall: OverallCounts
        public var privateCACost: Cost
    }

    /// meshcert.mesh.v1 `summary.meshes[]`.
    public struct MeshCounts: Codable, Sendable, Equatable {
        public var mesh: String
        public var nodes: Int
        public var virtualGateways: Int
        public var routes: Int
        public var blockers: Int
        public var warnings: Int
        public var infos: Int
        public var readyServices: Int
    }

    /// meshcert.mesh.v1 `summary.overall`: the counts of all meshes and the files not read in full.
    public struct OverallCounts: Codable, Sendable, Equatable {
        public var nodes: Int
        public var virtualGateways: Int
        public var routes: Int
        public var blockers: Int
        public var warnings: Int
        public var infos: Int
        public var readyServices: Int
        public var errors: Int
    }

    /// meshcert.mesh.v1 `summary.privateCACost` (also meshcert.mesh.plan.v1): both CA modes a month.
    public struct Cost: Codable, Sendable, Equatable {
        public var prices: String
        public var services: Int
        public var tasksPerService: Int
        public var certificatesInUse: Int
        public var generalPurpose: ModeCost
        public var shortLived: ModeCost
    }

    /// meshcert.mesh.v1 one CA mode's cost; amounts rounded to 3 decimals, as written.
    public struct ModeCost: Codable, Sendable, Equatable {
        public var usageMode: String
        public var certificateAuthorities: Int
        public var certificatesPerMonth: Double
        public var caMonthlyUSD: Double
        public var certificatesMonthlyUSD: Double
        public var totalMonthlyUSD: Double
    }
}

extension NodeKind: Codable {}
extension ServiceDiscovery.Kind: Codable {}
extension CertificateSource: Codable {}
extension MeshSeverity: Codable {}

/// Numbers are written with 3 decimals: the document holds them so, and reads back equal.
func written(_ d: Double) -> Double { (d * 1000).rounded() / 1000 }

// MARK: building from an analysis

extension MeshDocument {
    /// The document of a `mesh scan`.
    public init(_ r: MeshScanResult) {
        self.init(
            evaluatedAt: r.evaluatedAt.map(Instant.init),
            files: Files(read: r.configuration.filesRead, skipped: r.configuration.filesSkipped,
                         skippedBy: SkippedBy(r.configuration.skippedBy)),
            meshes: r.configuration.meshes.map {
                Mesh(name: $0.name, awsName: $0.awsName, meshOwner: $0.meshOwner, resourceOwner: $0.resourceOwner,
                     egressFilter: $0.egressFilter, sources: $0.sources)
            },
            nodes: r.nodes.map(Node.init),
            routes: r.routes.map(Route.init),
            certificateAuthorities: r.certificateAuthorities.map { CertificateAuthority(arn: $0.arn, referencedBy: $0.referencedBy) },
            errors: r.errors.map(ReadError.init),
            summary: Summary(
                meshes: r.meshes.map {
                    MeshCounts(mesh: $0.mesh ?? "", nodes: $0.nodes, virtualGateways: $0.virtualGateways, routes: $0.routes,
                               blockers: $0.blockers, warnings: $0.warnings, infos: $0.infos, readyServices: $0.readyServices)
                },
                overall: OverallCounts(nodes: r.overall.nodes, virtualGateways: r.overall.virtualGateways, routes: r.overall.routes,
                                       blockers: r.overall.blockers, warnings: r.overall.warnings, infos: r.overall.infos,
                                       readyServices: r.overall.readyServices, errors: r.errors.count),
                privateCACost: Cost(r.cost)))
    }
}

extension MeshDocument.Node {
    public init(_ r: NodeReport) {
        let n = r.node
        self.init(
            mesh: n.mesh, name: n.name, awsName: n.awsName, kind: n.kind, meshOwner: n.meshOwner, resourceOwner: n.resourceOwner,
            shared: n.shared,
            serviceDiscovery: n.serviceDiscovery.map {
                MeshDocument.ServiceDiscovery(type: $0.kind, namespace: $0.namespace, service: $0.service, hostname: $0.hostname)
            },
            listeners: n.listeners.map(MeshDocument.Listener.init),
            clientPolicies: n.clientPolicies.map(MeshDocument.ClientPolicy.init),
            backends: n.backends, mtlsServer: n.mtlsServer, mtlsClient: n.mtlsClient,
            trustedCertificateAuthorityArns: n.trustedCertificateAuthorityArns, weightedRouteTarget: r.weightedRouteTarget,
            ready: r.ready,
            certificates: r.certificates.map(MeshDocument.LinkedCertificate.init),
            findings: r.findings.map(MeshDocument.Finding.init), sources: n.sources,
            matchRouteTarget: r.matchRouteTarget, notes: n.notes)
    }
}

extension MeshDocument.Listener {
    public init(_ l: MeshcertAppMesh.Listener) {
        self.init(port: l.port, protocol: l.protocolName, tlsMode: l.tlsMode, certificateSource: l.certificate?.source,
                  certificateArn: l.certificate?.certificateArn, certificateChain: l.certificate?.certificateChain,
                  privateKey: l.certificate?.privateKey, secretName: l.certificate?.secretName,
                  validation: l.validation.map(MeshDocument.Validation.init),
                  timeout: l.timeout.map { MeshDocument.Timeout(idleMilliseconds: $0.idleMilliseconds, perRequestMilliseconds: $0.perRequestMilliseconds) })
    }
}

extension MeshDocument.Validation {
    public init(_ v: TLSValidation) {
        self.init(trustSource: v.trustSource, certificateAuthorityArns: v.certificateAuthorityArns, certificateChain: v.certificateChain,
                  secretName: v.secretName, subjectAlternativeNames: v.subjectAlternativeNames)
    }
}

extension MeshDocument.ClientPolicy {
    public init(_ p: MeshcertAppMesh.ClientPolicy) {
        self.init(backend: p.backend, enforce: p.enforce, ports: p.ports, certificateSource: p.certificate?.source,
                  certificateChain: p.certificate?.certificateChain, privateKey: p.certificate?.privateKey,
                  secretName: p.certificate?.secretName, validation: p.validation.map(MeshDocument.Validation.init))
    }
}

extension MeshDocument.LinkedCertificate {
    public init(_ c: MeshcertAppMesh.LinkedCertificate) {
        self.init(role: c.role, context: c.context, configuredPath: c.configuredPath, file: c.file?.path,
                  certificates: c.file?.certificates, subject: c.file?.subject, notAfter: c.file?.notAfter.map(Instant.init),
                  usageMode: c.file?.usageMode, findings: c.file?.findings.map(\.code) ?? [])
    }
}

extension MeshDocument.Finding {
    public init(_ f: MeshFinding) { self.init(code: f.code, severity: f.severity, message: f.message, fix: f.fix) }
}

extension MeshDocument.Route {
    public init(_ r: RouteReport) {
        self.init(mesh: r.route.mesh, router: r.route.router, name: r.route.name, type: r.route.routeType,
                  weightedTargets: r.route.weightedTargets.map { MeshDocument.WeightedTarget(virtualNode: $0.virtualNode, weight: $0.weight, port: $0.port) },
                  findings: r.findings.map(MeshDocument.Finding.init), sources: r.route.sources,
                  match: r.route.match, notes: r.route.notes)
    }
}

extension MeshDocument.SkippedBy {
    public init(_ s: SkippedFiles) {
        self.init(cloudFormationWithoutAppMesh: s.cloudFormation, scripts: s.scripts, unknownJSON: s.json,
                  tooLarge: s.tooLarge, other: s.other)
    }
}

extension MeshDocument.ReadError {
    public init(_ e: Diagnostic) { self.init(file: e.file, field: e.field, message: e.message, line: e.line, column: e.column) }
}

extension MeshDocument.Cost {
    public init(_ c: CACostComparison) {
        func mode(_ m: CAModeCost) -> MeshDocument.ModeCost {
            MeshDocument.ModeCost(usageMode: m.usageMode, certificateAuthorities: m.certificateAuthorities,
                                  certificatesPerMonth: written(m.certificatesPerMonth), caMonthlyUSD: written(m.caMonthly),
                                  certificatesMonthlyUSD: written(m.certificatesMonthly), totalMonthlyUSD: written(m.totalMonthly))
        }
        self.init(prices: c.priceLabel, services: c.services, tasksPerService: c.tasksPerService, certificatesInUse: c.certificatesInUse,
                  generalPurpose: mode(c.generalPurpose), shortLived: mode(c.shortLived))
    }
}

// MARK: writing

extension MeshDocument {
    /// The JSON tree: the same tree as `JSONValueEncoder().encode(self)` (MeshDocumentTests checks
    /// it on the demo data), with the lists that grow with the input (10,000 nodes, a CA trusted by
    /// all of them) built directly: the Codable encoder appends array items in quadratic time.
    public func json() -> JSON {
        var skeleton = self
        skeleton.nodes = []
        skeleton.routes = []
        skeleton.certificateAuthorities = []
        skeleton.errors = []
        // Nothing in the document throws while encoding (no custom failure paths).
        guard case .object(var fields) = try! JSONValueEncoder().encode(skeleton) else { return .null }
        for i in fields.indices {
            switch fields[i].0 {
            case CodingKeys.nodes.stringValue: fields[i].1 = .array(nodes.map { $0.json() })
            case CodingKeys.routes.stringValue: fields[i].1 = .array(routes.map { $0.json() })
            case CodingKeys.certificateAuthorities.stringValue:
                fields[i].1 = .array(certificateAuthorities.map { .object([("arn", .string($0.arn)), ("referencedBy", .strings($0.referencedBy))]) })
            case CodingKeys.errors.stringValue:
                fields[i].1 = .array(errors.map { $0.json() })
            default: break
            }
        }
        return .object(fields)
    }

    /// The rendered document, without a final newline (large node lists rendered on all cores;
    /// the same bytes as `json().render()`).
    public func render() -> String { ParallelJSONRender.render(json()) }
}
