import MeshcertSupport

public struct NodeReport: Sendable, Equatable {
    public var node: MeshNode
    public var findings: [MeshFinding]
    /// Certificate files of this node linked to scanned files (`--certs`); empty without it.
    public var certificates: [LinkedCertificate]
    /// A weighted route sends traffic to this node (it cannot move as is).
    public var weightedRouteTarget: Bool
    /// A router routing by match sends traffic to this node (`match_routing`).
    public var matchRouteTarget: Bool = false

    /// No blocker, and no weighted or match route sends traffic to it: it can move as it is.
    public var ready: Bool { node.kind == .virtualNode && blockers == 0 && !weightedRouteTarget && !matchRouteTarget }

    public var blockers: Int { findings.filter { $0.severity == .blocker }.count }
}

public struct RouteReport: Sendable, Equatable {
    public var route: MeshRoute
    public var findings: [MeshFinding]
}

public struct CertificateAuthorityReference: Sendable, Equatable {
    public var arn: String
    /// `mesh/node` names of the nodes trusting it.
    public var referencedBy: [String]
}

/// Counts for one mesh (or all of them: `mesh` nil).
public struct MeshSummary: Sendable, Equatable {
    public var mesh: String?
    public var nodes = 0
    public var virtualGateways = 0
    public var routes = 0
    public var blockers = 0
    public var warnings = 0
    public var infos = 0
    /// Virtual nodes with no blocker and not behind a weighted route: they can move as they are.
    public var readyServices = 0
}

public struct MeshScanResult: Sendable, Equatable {
    public var configuration: AppMeshConfiguration
    public var nodes: [NodeReport]
    public var routes: [RouteReport]
    public var certificateAuthorities: [CertificateAuthorityReference]
    public var meshes: [MeshSummary]
    public var overall: MeshSummary
    public var cost: CACostComparison
    /// Evaluation time of certificate findings (`--at`), when certificates were linked.
    public var evaluatedAt: EpochSeconds?

    public var errors: [Diagnostic] { configuration.errors }

    /// `mesh scan --fail-on SEVERITY`: any node or route finding this severe or worse.
    public func hasFinding(atOrAbove threshold: MeshSeverity) -> Bool {
        nodes.contains { $0.findings.contains { $0.severity <= threshold } }
            || routes.contains { $0.findings.contains { $0.severity <= threshold } }
    }

    /// `mesh scan --fail-on SEVERITY` fails: a finding this severe or worse, or (any threshold)
    /// an App Mesh resource that could not be read, which may hide a blocker.
    public func failsGate(_ threshold: MeshSeverity) -> Bool {
        hasFinding(atOrAbove: threshold) || !errors.isEmpty
    }
}

public enum MeshAnalyzer {
    /// Applies the readiness rules. `certificates` links configured file paths to scanned files.
    public static func analyze(_ config: AppMeshConfiguration, prices: PrivateCAPriceTable = .listPrices,
                               tasksPerService: Int = 1, certificates: CertificateLinker? = nil) -> MeshScanResult {
        // Certificate authorities and the cost of both modes come first: findings quote them.
        var caOrder: [String] = []
        var caRefs: [String: [String]] = [:]
        var certificatesInUse = Set<String>()
        for node in config.nodes {
            for arn in node.trustedCertificateAuthorityArns {
                if caRefs[arn] == nil { caOrder.append(arn) }
                caRefs[arn, default: []].append(node.mesh + "/" + node.name)
            }
            for listener in node.listeners { if let c = listener.certificate { certificatesInUse.insert(identity(c, node)) } }
            for policy in node.clientPolicies { if let c = policy.certificate { certificatesInUse.insert(identity(c, node)) } }
        }
        let services = config.nodes.filter { $0.kind == .virtualNode }.count
        let cost = CACostComparison.estimate(certificateAuthorities: caOrder.count, certificatesInUse: certificatesInUse.count,
                                             services: services, tasksPerService: tasksPerService, prices: prices)
        let costNote = "; per CA \(money(prices.generalPurposeCAMonthly)) (GENERAL_PURPOSE) vs \(money(prices.shortLivedCAMonthly)) (SHORT_LIVED_CERTIFICATE) a month; "
            + "this configuration: \(money(cost.generalPurpose.totalMonthly)) vs \(money(cost.shortLived.totalMonthly)) a month (summary.privateCACost)"

        var routes = config.routes.map { RouteReport(route: $0, findings: MeshRules.routeFindings($0)) }
        var weightedTargets = Set<String>()
        for report in routes where report.findings.contains(where: { $0.code == MeshFindingCode.weightedRouting }) {
            for target in report.route.weightedTargets { weightedTargets.insert(report.route.mesh + "\u{0}" + target.virtualNode) }
        }
        // Match routing is a property of a router: every target of its routes is affected.
        var matchTargets = Set<String>()
        let byRouter = Dictionary(grouping: routes.indices, by: { routes[$0].route.mesh + "\u{0}" + routes[$0].route.router })
        for key in byRouter.keys.sorted() {
            let indices = byRouter[key]!
            let found = MeshRules.matchRouting(indices.map { routes[$0].route })
            guard !found.isEmpty else { continue }
            for (k, finding) in found { routes[indices[k]].findings.insert(finding, at: 0) }
            for i in indices {
                for target in routes[i].route.weightedTargets { matchTargets.insert(routes[i].route.mesh + "\u{0}" + target.virtualNode) }
            }
        }

        // Wildcard certificates matter where a caller enforces TLS: a rule across nodes.
        let wildcardFindings = certificates.map { CertificateRules.wildcardSANEnforced(config, linker: $0) } ?? [:]
        let nodes = config.nodes.enumerated().map { index, node -> NodeReport in
            var findings = MeshRules.nodeFindings(node, costNote: costNote)
            var linked: [LinkedCertificate] = []
            if let certificates {
                let result = certificates.link(node)
                linked = result.certificates
                findings += result.findings
                findings += CertificateRules.trustNotRootCA(linked)
                findings += wildcardFindings[index] ?? []
            }
            findings.sort { $0.severity < $1.severity }
            let targeted = node.kind == .virtualNode
                && (weightedTargets.contains(node.mesh + "\u{0}" + node.name) || weightedTargets.contains(node.mesh + "\u{0}" + node.appMeshName))
            let matched = node.kind == .virtualNode
                && (matchTargets.contains(node.mesh + "\u{0}" + node.name) || matchTargets.contains(node.mesh + "\u{0}" + node.appMeshName))
            return NodeReport(node: node, findings: findings, certificates: linked, weightedRouteTarget: targeted, matchRouteTarget: matched)
        }

        var perMesh: [String: MeshSummary] = [:]
        var meshOrder: [String] = []
        func touch(_ mesh: String) { if perMesh[mesh] == nil { perMesh[mesh] = MeshSummary(mesh: mesh); meshOrder.append(mesh) } }
        for mesh in config.meshes { touch(mesh.name) }
        for report in nodes {
            let mesh = report.node.mesh
            touch(mesh)
            if report.node.kind == .virtualNode {
                perMesh[mesh]!.nodes += 1
                if report.ready { perMesh[mesh]!.readyServices += 1 }
            } else {
                perMesh[mesh]!.virtualGateways += 1
            }
            count(report.findings, into: &perMesh[mesh]!)
        }
        for report in routes {
            touch(report.route.mesh)
            perMesh[report.route.mesh]!.routes += 1
            count(report.findings, into: &perMesh[report.route.mesh]!)
        }
        let meshes = meshOrder.map { perMesh[$0]! }
        var overall = MeshSummary(mesh: nil)
        for m in meshes {
            overall.nodes += m.nodes; overall.virtualGateways += m.virtualGateways; overall.routes += m.routes
            overall.blockers += m.blockers; overall.warnings += m.warnings; overall.infos += m.infos
            overall.readyServices += m.readyServices
        }
        return MeshScanResult(configuration: config, nodes: nodes, routes: routes,
                              certificateAuthorities: caOrder.map { CertificateAuthorityReference(arn: $0, referencedBy: caRefs[$0]!) },
                              meshes: meshes, overall: overall, cost: cost, evaluatedAt: certificates?.at)
    }

    private static func count(_ findings: [MeshFinding], into summary: inout MeshSummary) {
        for f in findings {
            switch f.severity {
            case .blocker: summary.blockers += 1
            case .warning: summary.warnings += 1
            case .info: summary.infos += 1
            }
        }
    }

    /// One certificate: an ACM ARN or SDS secret is shared by its users; a file is per node.
    private static func identity(_ c: TLSCertificate, _ node: MeshNode) -> String {
        switch c.source {
        case .acm: return "acm:" + (c.certificateArn ?? "")
        case .sds: return "sds:\(node.mesh):" + (c.secretName ?? "")
        case .file: return "file:\(node.mesh)/\(node.name):" + (c.certificateChain ?? "")
        }
    }

    static func money(_ v: Double) -> String {
        let cents = Int64((v * 100).rounded())
        let frac = cents % 100
        return "$\(cents / 100).\(frac < 10 ? "0" : "")\(frac)"
    }
}
