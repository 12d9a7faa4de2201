/// Which virtual nodes serve a backend (a virtual service name): the service's provider node, or
/// every weighted target of the routes of its provider router. Only what the configuration
/// declares: a backend whose virtual service was not read (moto exports have none) resolves to
/// nothing, and gateway routes are not followed (they are counted, not modelled).
struct BackendResolver {
    /// Keys are `mesh NUL name`; virtual services and nodes under both their names (CRD
    /// `metadata.name` and App Mesh `awsName`), as backends and routes may use either.
    private var services: [String: MeshVirtualService] = [:]
    private var routeTargets: [String: [String]] = [:]
    private var nodes: [String: Int] = [:]

    init(_ config: AppMeshConfiguration) {
        for vs in config.virtualServices {
            for name in [vs.name, vs.awsName].compactMap({ $0 }) where services[Self.key(vs.mesh, name)] == nil {
                services[Self.key(vs.mesh, name)] = vs
            }
        }
        for route in config.routes {
            routeTargets[Self.key(route.mesh, route.router), default: []] += route.weightedTargets.map(\.virtualNode)
        }
        for (i, node) in config.nodes.enumerated() where node.kind == .virtualNode {
            for name in [node.name, node.appMeshName] where nodes[Self.key(node.mesh, name)] == nil {
                nodes[Self.key(node.mesh, name)] = i
            }
        }
    }

    /// Indexes into `config.nodes` of the virtual nodes serving `service` in `mesh`, in order, once each.
    func nodes(serving service: String, mesh: String) -> [Int] {
        guard let vs = services[Self.key(mesh, service)] else { return [] }
        var names: [String] = []
        if let provider = vs.providerNode { names.append(provider) }
        if let router = vs.providerRouter { names += routeTargets[Self.key(mesh, router)] ?? [] }
        var found: [Int] = []
        for name in names {
            if let i = nodes[Self.key(mesh, name)], !found.contains(i) { found.append(i) }
        }
        return found
    }

    private static func key(_ mesh: String, _ name: String) -> String { mesh + "\u{0}" + name }
}
