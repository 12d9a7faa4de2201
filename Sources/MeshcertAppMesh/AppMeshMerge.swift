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

        for file in files {
            if file.recognised { config.filesRead += 1 } else { config.filesSkipped += 1 }
            config.errors += file.errors
            for mesh in file.meshes {
                if let i = meshIndex[mesh.name] {
                    // list-meshes refs and describe-mesh output complement each other.
                    var known = config.meshes[i]
                    known.meshOwner = known.meshOwner ?? mesh.meshOwner
                    known.resourceOwner = known.resourceOwner ?? mesh.resourceOwner
                    known.egressFilter = known.egressFilter ?? mesh.egressFilter
                    known.awsName = known.awsName ?? mesh.awsName
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
                    config.nodes[i].sources += node.sources.filter { !config.nodes[i].sources.contains($0) }
                } else {
                    nodeIndex[key] = config.nodes.count
                    config.nodes.append(node)
                }
            }
            for route in file.routes {
                let key = "\(route.mesh)\u{0}\(route.router)\u{0}\(route.name)"
                if let i = routeIndex[key] {
                    config.routes[i].sources += route.sources.filter { !config.routes[i].sources.contains($0) }
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
        resolveMeshes(&config)
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

    /// CRD resources without `spec.meshRef` belong to the only mesh, when there is exactly one;
    /// nodes inherit the mesh owner from their mesh (CRDs carry it on the Mesh resource only).
    static func resolveMeshes(_ config: inout AppMeshConfiguration) {
        let known = Set(config.meshes.map(\.name) + config.nodes.map(\.mesh) + config.routes.map(\.mesh)).subtracting([""])
        let only = known.count == 1 ? known.first : nil
        for i in config.nodes.indices where config.nodes[i].mesh.isEmpty {
            if let only {
                config.nodes[i].mesh = only
            } else {
                let n = config.nodes[i]
                config.errors.append(Diagnostic(file: n.sources.first ?? "", field: "\(n.kind.rawValue) \(n.name): spec.meshRef.name",
                                                   code: "missing_mesh", message: "missing, and the inputs hold \(known.count) meshes"))
            }
        }
        for i in config.routes.indices where config.routes[i].mesh.isEmpty { config.routes[i].mesh = only ?? "" }
        for i in config.virtualServices.indices where config.virtualServices[i].mesh.isEmpty {
            config.virtualServices[i].mesh = only ?? ""
        }
        config.nodes.removeAll { $0.mesh.isEmpty }
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
}
