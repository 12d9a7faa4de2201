import MeshcertSupport
extension AppMeshLoader {
    /// Joins per-file results (in path order): the same node, route or mesh read twice (an aws
    /// CLI export beside the same mesh as CRDs) is kept once, with every source file listed.
    static func merge(_ files: [FileContents]) -> AppMeshConfiguration {
        var config = AppMeshConfiguration()
        var meshIndex: [String: Int] = [:]
        var nodeIndex: [String: Int] = [:]
        var routeIndex: [String: Int] = [:]
        var serviceIndex: [String: Int] = [:]
        var listed: [(mesh: String, name: String, kind: NodeKind, field: String, file: String)] = []
        var routers = Set<String>(), gatewayRoutes = Set<String>()

        var namespaces: [String: [String: String]] = [:]
        for file in files {
            if file.recognised {
                config.filesRead += 1
            } else {
                config.filesSkipped += 1
                switch file.skip ?? .other {
                case .cloudFormation: config.skippedBy.cloudFormation += 1
                case .script: config.skippedBy.scripts += 1
                case .json: config.skippedBy.json += 1
                case .tooLarge: config.skippedBy.tooLarge += 1
                case .other: config.skippedBy.other += 1
                }
            }
            for ns in file.namespaces where namespaces[ns.name] == nil { namespaces[ns.name] = ns.labels }
            config.errors += file.errors
            for mesh in file.meshes {
                if let i = meshIndex[mesh.name] {
                    // list-meshes refs and describe-mesh output complement each other.
                    var known = config.meshes[i]
                    known.meshOwner = known.meshOwner ?? mesh.meshOwner
                    known.resourceOwner = known.resourceOwner ?? mesh.resourceOwner
                    known.egressFilter = known.egressFilter ?? mesh.egressFilter
                    known.awsName = known.awsName ?? mesh.awsName
                    known.namespaceSelector = known.namespaceSelector ?? mesh.namespaceSelector
                    known.sources += mesh.sources.filter { !known.sources.contains($0) }
                    config.meshes[i] = known
                } else {
                    meshIndex[mesh.name] = config.meshes.count
                    config.meshes.append(mesh)
                }
            }
            for node in file.nodes {
                let key = "\(node.mesh)\u{0}\(node.kind.rawValue)\u{0}\(node.appMeshName)"
                if let i = nodeIndex[key] {
                    mergeDefinition(node, into: &config.nodes[i])
                } else {
                    nodeIndex[key] = config.nodes.count
                    config.nodes.append(node)
                }
            }
            for route in file.routes {
                let key = "\(route.mesh)\u{0}\(route.router)\u{0}\(route.name)"
                if let i = routeIndex[key] {
                    mergeDefinition(route, into: &config.routes[i])
                } else {
                    routeIndex[key] = config.routes.count
                    config.routes.append(route)
                }
            }
            for service in file.virtualServices {
                let key = "\(service.mesh)\u{0}\(service.name)"
                if serviceIndex[key] == nil {
                    serviceIndex[key] = config.virtualServices.count
                    config.virtualServices.append(service)
                }
            }
            for router in file.virtualRouters where routers.insert(router).inserted { config.virtualRouters.append(router) }
            for route in file.gatewayRoutes where gatewayRoutes.insert(route).inserted { config.gatewayRoutes.append(route) }
            listed += file.listedNodes.map { ($0.mesh, $0.name, $0.kind, $0.field, file.file) }
        }
        resolveMeshes(&config, namespaces: namespaces)
        // Stable report order whatever the folder layout: mesh, virtual nodes before gateways, name.
        config.nodes.sort { ($0.mesh, $0.kind == .virtualNode ? 0 : 1, $0.name) < ($1.mesh, $1.kind == .virtualNode ? 0 : 1, $1.name) }
        config.routes.sort { ($0.mesh, $0.router, $0.name) < ($1.mesh, $1.router, $1.name) }

        // Listed but never described: its TLS cannot be checked, so say so rather than guess.
        let described = Set(config.nodes.map { "\($0.mesh)\u{0}\($0.kind.rawValue)\u{0}\($0.appMeshName)" })
        var reported = Set<String>()
        for ref in listed {
            let key = "\(ref.mesh)\u{0}\(ref.kind.rawValue)\u{0}\(ref.name)"
            guard !described.contains(key), reported.insert(key).inserted else { continue }
            let command = ref.kind == .virtualNode ? "describe-virtual-node" : "describe-virtual-gateway"
            config.errors.append(Diagnostic(
                file: ref.file, field: ref.field, code: "missing_description",
                message: "\(ref.kind.rawValue) \(ref.mesh)/\(ref.name) is listed but no \(command) output was found; its TLS is not checked"))
        }
        return config
    }

    /// CRD resources without `spec.meshRef` belong to the mesh whose `namespaceSelector` matches
    /// their Namespace's labels (as the controller's webhook decides), else to the only mesh.
    /// A node whose mesh still cannot be told is kept under `MeshNode.unresolvedMesh`, never
    /// dropped. Nodes inherit the mesh owner from their mesh (CRDs carry it on the Mesh only).
    static func resolveMeshes(_ config: inout AppMeshConfiguration, namespaces: [String: [String: String]] = [:]) {
        let known = Set(config.meshes.map(\.name) + config.nodes.map(\.mesh) + config.routes.map(\.mesh)).subtracting([""])
        let only = known.count == 1 ? known.first : nil
        let selectors = config.meshes.compactMap { m in m.namespaceSelector.map { (mesh: m.name, labels: $0) } }
        func mesh(namespace: String?) -> String? {
            guard let namespace, let labels = namespaces[namespace] else { return nil }
            let matching = selectors.filter { $0.labels.allSatisfy { labels[$0.key] == $0.value } }
            return matching.count == 1 ? matching[0].mesh : nil
        }
        for i in config.nodes.indices where config.nodes[i].mesh.isEmpty {
            config.nodes[i].mesh = mesh(namespace: config.nodes[i].namespace) ?? only ?? MeshNode.unresolvedMesh
        }
        for i in config.routes.indices where config.routes[i].mesh.isEmpty {
            config.routes[i].mesh = mesh(namespace: config.routes[i].namespace) ?? only ?? MeshNode.unresolvedMesh
        }
        for i in config.virtualServices.indices where config.virtualServices[i].mesh.isEmpty {
            config.virtualServices[i].mesh = mesh(namespace: config.virtualServices[i].namespace) ?? only ?? ""
        }
        let meshes = Dictionary(config.meshes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for i in config.nodes.indices {
            guard let mesh = meshes[config.nodes[i].mesh] else { continue }
            if config.nodes[i].meshOwner == nil, let owner = mesh.meshOwner {
                config.nodes[i].meshOwner = owner
                // A CRD Mesh names its owner only when it is another account's mesh.
                config.nodes[i].shared = config.nodes[i].resourceOwner.map { $0 != owner } ?? true
            }
        }
    }

    /// The same node read again: identical definitions only add a source; a differing one is
    /// a conflict (both files and the first differing field), and the stricter one is kept.
    static func mergeDefinition(_ other: MeshNode, into known: inout MeshNode) {
        let newSources = other.sources.filter { !known.sources.contains($0) }
        defer { known.sources += newSources }
        guard let field = firstDifference(known, other) else { return }
        record(other, into: &known, what: "\(known.kind.rawValue) \(known.mesh)/\(known.appMeshName)", field: field,
               keepOther: strictness(other) > strictness(known))
    }

    /// The same route read again: as for nodes; the stricter definition (more targets, then a
    /// narrower match) is kept.
    static func mergeDefinition(_ other: MeshRoute, into known: inout MeshRoute) {
        let newSources = other.sources.filter { !known.sources.contains($0) }
        defer { known.sources += newSources }
        let field: String
        if known.routeType != other.routeType { field = "type (\(known.routeType) vs \(other.routeType))" }
        else if known.weightedTargets != other.weightedTargets { field = "\(known.routeType).action.weightedTargets" }
        else if known.match != other.match { field = "\(known.routeType).match" }
        else { return }
        record(other, into: &known, what: "route \(known.mesh)/\(known.router)/\(known.name)", field: field,
               keepOther: (other.weightedTargets.count, other.match.count) > (known.weightedTargets.count, known.match.count))
    }

    /// A differing second definition: names both files and the first difference, and keeps the
    /// stricter one (`keepOther`) with the first one's sources, both one's notes and the conflicts so far.
    static func record<D: MergedDefinition>(_ other: D, into known: inout D, what: String, field: String, keepOther: Bool) {
        let first = known.sources.first ?? "?", second = other.sources.first ?? "?"
        let message = "\(first) and \(second) define \(what) differently "
            + "(first difference: \(field)); the stricter definition, from \(keepOther ? second : first), is reported"
        if keepOther {
            let (sources, notes, conflicts, namespace) = (known.sources, known.notes, known.conflicts, known.namespace)
            known = other
            known.sources = sources
            known.notes = notes + other.notes
            known.conflicts = conflicts
            known.namespace = namespace ?? other.namespace
        }
        known.conflicts.append(message)
    }

    /// The first TLS-relevant field in which two definitions differ, or nil when they agree.
    static func firstDifference(_ a: MeshNode, _ b: MeshNode) -> String? {
        if a.listeners.count != b.listeners.count { return "listeners (\(a.listeners.count) vs \(b.listeners.count))" }
        for (i, (x, y)) in zip(a.listeners, b.listeners).enumerated() {
            if x.port != y.port { return "listeners[\(i)].portMapping.port (\(x.port) vs \(y.port))" }
            if x.tlsMode != y.tlsMode { return "listeners[\(i)].tls.mode (\(x.tlsMode ?? "none") vs \(y.tlsMode ?? "none"))" }
            if x.certificate != y.certificate { return "listeners[\(i)].tls.certificate" }
            if x.validation != y.validation { return "listeners[\(i)].tls.validation" }
            if x.protocolName != y.protocolName { return "listeners[\(i)].portMapping.protocol (\(x.protocolName) vs \(y.protocolName))" }
        }
        let pa = a.clientPolicies.map { ClientPolicy(backend: nil, enforce: $0.enforce, ports: $0.ports, certificate: $0.certificate, validation: $0.validation) }
        let pb = b.clientPolicies.map { ClientPolicy(backend: nil, enforce: $0.enforce, ports: $0.ports, certificate: $0.certificate, validation: $0.validation) }
        if pa.count != pb.count { return "client policies (\(pa.count) vs \(pb.count))" }
        for (i, (x, y)) in zip(pa, pb).enumerated() where x != y {
            if x.certificate != y.certificate { return "clientPolicies[\(i)].tls.certificate" }
            if x.validation != y.validation { return "clientPolicies[\(i)].tls.validation" }
            return "clientPolicies[\(i)].tls"
        }
        if a.serviceDiscovery?.kind != b.serviceDiscovery?.kind { return "serviceDiscovery" }
        return nil
    }

    /// TLS over none, STRICT over PERMISSIVE, validation over none, a client certificate over none.
    static func strictness(_ n: MeshNode) -> Int {
        var score = 0
        for l in n.listeners {
            if l.offersTLS { score += 4 }
            if l.tlsMode == "STRICT" { score += 2 }
            if l.validation != nil { score += 2 }
        }
        for p in n.clientPolicies {
            if p.certificate != nil { score += 1 }
            if p.validation != nil { score += 1 }
        }
        return score
    }
}

/// What a definition read from several files keeps of each (nodes and routes).
protocol MergedDefinition {
    var sources: [String] { get set }
    var notes: [String] { get set }
    var conflicts: [String] { get set }
    var namespace: String? { get set }
}

extension MeshNode: MergedDefinition {}
extension MeshRoute: MergedDefinition {}
