import MeshcertSupport

/// What `meshcert mesh plan` needs besides the configuration.
public struct ServiceConnectPlanOptions: Sendable {
    public var pcaArn: String
    public var kmsKey: String?
    public var roleArn: String?

    public init(pcaArn: String, kmsKey: String? = nil, roleArn: String? = nil) {
        self.pcaArn = pcaArn
        self.kmsKey = kmsKey
        self.roleArn = roleArn
    }

    /// Why `arn` cannot be the plans' Private CA, nil when it can (the shape only: the account
    /// is not asked).
    /// A KMS key as KMS names one: a key or alias ARN, a key ID (a UUID, `mrk-` for a
    /// multi-Region key) or `alias/NAME`. Anything else would only fail at CreateService.
    public static func kmsKeyProblem(_ key: String) -> String? {
        if key.hasPrefix("arn:"), key.contains(":kms:"), key.contains(":key/") || key.contains(":alias/") { return nil }
        if key.hasPrefix("alias/"), key.count > 6 { return nil }
        if key.wholeMatch(of: #/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/#) != nil { return nil }
        if key.wholeMatch(of: #/mrk-[0-9a-fA-F]{32}/#) != nil { return nil }
        return "--kms-key \(key): expected a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), a key ID or alias/NAME"
    }

    public static func pcaArnProblem(_ arn: String) -> String? {
        guard arn.hasPrefix("arn:"), arn.contains(":acm-pca:"), arn.contains(":certificate-authority/") else {
            return "--pca-arn \(arn): expected arn:aws:acm-pca:REGION:ACCOUNT:certificate-authority/ID"
        }
        return nil
    }
}

/// One virtual node's Service Connect configuration, with what stands in its way.
public struct ServiceConnectPlan: Sendable, Equatable {
    public var mesh: String
    public var node: String
    /// The `serviceConnectConfiguration` object, in the botocore ecs 2014-11-13 shape.
    public var configuration: JSON
    public var blockers: [MeshFinding]
    public var warnings: [MeshFinding]
    /// What the plan assumed or could not carry over (port names, rounding, derived namespaces).
    public var notes: [String]

    public var ready: Bool { blockers.isEmpty }
}

public enum ServiceConnectPlanner {
    /// Plans every virtual node (gateways have no Service Connect equivalent: their findings say so).
    public static func plan(_ result: MeshScanResult, options: ServiceConnectPlanOptions) -> [ServiceConnectPlan] {
        let config = result.configuration
        var routeBlockers: [String: [MeshFinding]] = [:]
        for report in result.routes {
            for target in report.route.weightedTargets {
                routeBlockers[report.route.mesh + "\u{0}" + target.virtualNode, default: []] += report.findings.filter { $0.severity == .blocker }
            }
        }
        // Match routing belongs to the router: every target of its routes carries its blockers.
        var matchRouted = Set<String>()
        for report in result.routes where report.findings.contains(where: { $0.code == MeshFindingCode.matchRouting }) {
            let key = report.route.mesh + "\u{0}" + report.route.router
            guard matchRouted.insert(key).inserted else { continue }
            let blockers = result.routes.filter { $0.route.mesh + "\u{0}" + $0.route.router == key }
                .flatMap { $0.findings.filter { $0.code == MeshFindingCode.matchRouting } }
            for sibling in result.routes where sibling.route.mesh + "\u{0}" + sibling.route.router == key {
                for target in sibling.route.weightedTargets {
                    let k = sibling.route.mesh + "\u{0}" + target.virtualNode
                    for b in blockers where !(routeBlockers[k] ?? []).contains(b) { routeBlockers[k, default: []].append(b) }
                }
            }
        }
        // A mesh's services must share one namespace to reach each other: the one most of its
        // Cloud Map nodes use is the default for nodes found by DNS.
        var namespaceVotes: [String: [String: Int]] = [:]
        for node in config.nodes {
            if let sd = node.serviceDiscovery, sd.kind == .cloudMap, let ns = sd.namespace { namespaceVotes[node.mesh, default: [:]][ns, default: 0] += 1 }
        }
        let meshNamespace = namespaceVotes.mapValues { votes in votes.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key }
        return result.nodes.filter { $0.node.kind == .virtualNode }.map { report in
            let node = report.node
            var notes: [String] = []
            let (namespace, discoveryBase) = naming(node, meshNamespace: meshNamespace[node.mesh], notes: &notes)
            var aliases = aliasNames(node, in: config, matchRouted: matchRouted, notes: &notes)
            if aliases == nil, let sd = node.serviceDiscovery, sd.kind == .dns { aliases = sd.hostname }
            var services: [JSON] = []
            for (n, listener) in node.listeners.enumerated() {
                let discovery = n == 0 ? discoveryBase : "\(discoveryBase)-\(listener.port)"
                let portName = sanitize("\(listener.protocolName)-\(listener.port)")
                notes.append("name the task definition's port mapping for container port \(listener.port) \"\(portName)\" (appProtocol \(appProtocol(listener.protocolName)))")
                var service: [(String, JSON)] = [("portName", .string(portName)), ("discoveryName", .string(discovery))]
                let alias = n == 0 ? (aliases ?? "\(discoveryBase).\(namespace)") : "\(discovery).\(namespace)"
                service.append(("clientAliases", .array([.object([("port", .int(listener.port)), ("dnsName", .string(alias))])])))
                if let timeout = timeout(listener, notes: &notes) { service.append(("timeout", timeout)) }
                var tls: [(String, JSON)] = [("issuerCertificateAuthority", .object([("awsPcaAuthorityArn", .string(options.pcaArn))]))]
                if let kms = options.kmsKey { tls.append(("kmsKey", .string(kms))) }
                if let role = options.roleArn { tls.append(("roleArn", .string(role))) }
                service.append(("tls", .object(tls)))
                services.append(.object(service))
            }
            if node.listeners.isEmpty {
                notes.append("no listeners: a client-only Service Connect configuration (it reaches the namespace's services)")
            }
            if config.routes.contains(where: { $0.mesh == node.mesh && $0.weightedTargets.contains { names(node).contains($0.virtualNode) } }) {
                notes.append("route retry policies are not carried over: Service Connect retries with fixed defaults")
            }
            var fields: [(String, JSON)] = [("enabled", .bool(true)), ("namespace", .string(namespace))]
            if !services.isEmpty { fields.append(("services", .array(services))) }
            let blockers = report.findings.filter { $0.severity == .blocker }
                + (routeBlockers[node.mesh + "\u{0}" + node.name] ?? routeBlockers[node.mesh + "\u{0}" + node.appMeshName] ?? [])
            return ServiceConnectPlan(mesh: node.mesh, node: node.name, configuration: .object(fields), blockers: blockers,
                                      warnings: report.findings.filter { $0.severity == .warning }, notes: notes)
        }
    }

    /// The Cloud Map namespace and discovery name: from Cloud Map discovery; for DNS discovery the
    /// mesh's namespace, else one derived from the hostname (`stock-v2.shop.internal` → `shop.internal`).
    static func naming(_ node: MeshNode, meshNamespace: String?, notes: inout [String]) -> (namespace: String, discovery: String) {
        if let sd = node.serviceDiscovery, sd.kind == .cloudMap, let ns = sd.namespace, let service = sd.service {
            return (ns, sanitize(service))
        }
        if let sd = node.serviceDiscovery, sd.kind == .dns, let host = sd.hostname {
            let labels = host.split(separator: ".", maxSplits: 1)
            if let meshNamespace {
                notes.append("found by DNS today: registered in \(meshNamespace), the namespace of the mesh's other services; clients keep calling \(host)")
                return (meshNamespace, sanitize(String(labels[0])))
            }
            let namespace = labels.count == 2 ? String(labels[1]) : node.mesh
            notes.append("namespace \(namespace) derived from DNS hostname \(host): create it in Cloud Map first")
            return (namespace, sanitize(String(labels[0])))
        }
        let namespace = meshNamespace ?? node.mesh
        notes.append("no service discovery: registered in namespace \(namespace)\(meshNamespace == nil ? " (named after the mesh; create it in Cloud Map first)" : "")")
        return (namespace, sanitize(node.name))
    }

    /// The virtual service name clients use today, so that they need no change: the service this
    /// node provides, or that a router provides with this node as its heaviest target.
    static func names(_ node: MeshNode) -> Set<String> { [node.name, node.appMeshName] }

    static func aliasNames(_ node: MeshNode, in config: AppMeshConfiguration, matchRouted: Set<String> = [],
                           notes: inout [String]) -> String? {
        let names = names(node)
        var aliases: [String] = []
        for vs in config.virtualServices where vs.mesh == node.mesh {
            if let provider = vs.providerNode, names.contains(provider) { aliases.append(vs.awsName ?? vs.name) }
            if let router = vs.providerRouter, matchRouted.contains(node.mesh + "\u{0}" + router) {
                // No one target can take the name: the router chooses by match (a blocker).
                if config.routes.contains(where: { $0.mesh == node.mesh && $0.router == router && $0.weightedTargets.contains { names.contains($0.virtualNode) } }) {
                    notes.append("\(vs.awsName ?? vs.name) is routed by match (router \(router), match_routing): no target takes its name")
                }
            } else if let router = vs.providerRouter {
                let targets = config.routes.filter { $0.mesh == node.mesh && $0.router == router }.flatMap(\.weightedTargets)
                if let heaviest = targets.max(by: { $0.weight < $1.weight }), names.contains(heaviest.virtualNode) {
                    aliases.append(vs.awsName ?? vs.name)
                } else if targets.contains(where: { names.contains($0.virtualNode) }) {
                    notes.append("\(vs.awsName ?? vs.name) stays with the heaviest target of router \(router); this version gets its own name")
                }
            }
        }
        if aliases.count > 1 {
            notes.append("clients also call \(aliases.dropFirst().joined(separator: ", ")): Service Connect allows one alias per port")
        }
        return aliases.first
    }

    /// App Mesh listener timeouts in Service Connect's whole seconds (rounded up).
    static func timeout(_ listener: Listener, notes: inout [String]) -> JSON? {
        guard let t = listener.timeout else { return nil }
        var fields: [(String, JSON)] = []
        func seconds(_ ms: Int64, _ what: String) -> Int64 {
            let s = (ms + 999) / 1000
            if ms % 1000 != 0 { notes.append("\(what) timeout \(ms) ms rounded up to \(s) s") }
            return s
        }
        if let idle = t.idleMilliseconds { fields.append(("idleTimeoutSeconds", .int(seconds(idle, "idle")))) }
        if let perRequest = t.perRequestMilliseconds {
            if listener.protocolName == "tcp" {
                notes.append("per-request timeout of TCP listener \(listener.port) dropped: Service Connect has none for TCP")
            } else {
                fields.append(("perRequestTimeoutSeconds", .int(seconds(perRequest, "per-request"))))
            }
        }
        return fields.isEmpty ? nil : .object(fields)
    }

    static func appProtocol(_ proto: String) -> String {
        switch proto {
        case "http": return "http"
        case "http2": return "http2"
        case "grpc": return "grpc"
        default: return "none (tcp)"
        }
    }

    /// Port and discovery names: lower-case letters, digits, hyphens and underscores.
    static func sanitize(_ s: String) -> String {
        let mapped = s.lowercased().map { c -> Character in
            c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_") ? c : "-"
        }
        var out = String(mapped)
        while out.hasPrefix("-") { out.removeFirst() }
        return out.isEmpty ? "svc" : String(out.prefix(64))
    }
}
