/// Builds a scenario's services from an App Mesh inventory (`--from-mesh`): one service per
/// virtual node, whose clients are the virtual nodes that list it (through a virtual service) as a
/// backend. Kept free of the App Mesh model so that this target needs no other meshcert library:
/// the command line adapts the inventory into `FleetNode`s.
public struct FleetNode: Sendable, Equatable {
    public var name: String
    /// Virtual service names this node calls.
    public var backends: [String]
    /// Names a backend may use to reach this node when no virtual service says who provides it
    /// (Cloud Map `service.namespace`, DNS hostname).
    public var aliases: [String]

    public init(name: String, backends: [String], aliases: [String] = []) {
        self.name = name
        self.backends = backends
        self.aliases = aliases
    }
}

public enum MeshFleet {
    /// - providers: virtual service name -> the virtual nodes serving it (its provider node, or
    ///   every weighted target of its provider router).
    /// - base: the scenario's own services; a node with the same name keeps its tasks and restart
    ///   rate (and its clients are merged); services not in the mesh are kept as they are.
    /// Returns the services and the backends that matched no virtual node.
    public static func services(nodes: [FleetNode], providers: [String: [String]], base: [Service],
                                defaultTasks: Int) -> (services: [Service], unresolved: [String]) {
        let names = Set(nodes.map(\.name))
        var clients: [String: [String]] = [:]
        var unresolved: [String] = []
        for node in nodes {
            for backend in node.backends {
                var targets = (providers[backend] ?? []).filter(names.contains)
                if targets.isEmpty { targets = nodes.filter { $0.aliases.contains(backend) }.map(\.name) }
                if targets.isEmpty {
                    let first = String(backend.split(separator: ".").first ?? "")
                    targets = nodes.filter { $0.name == backend || $0.name == first }.map(\.name)
                }
                if targets.isEmpty { unresolved.append("\(node.name) -> \(backend)") }
                for t in targets where !(clients[t] ?? []).contains(node.name) { clients[t, default: []].append(node.name) }
            }
        }
        var out: [Service] = []
        for node in nodes {
            var s = base.first { $0.name == node.name } ?? Service(name: node.name, tasks: defaultTasks)
            for c in clients[node.name] ?? [] where !s.clients.contains(c) { s.clients.append(c) }
            out.append(s)
        }
        out += base.filter { !names.contains($0.name) }
        return (out, unresolved)
    }
}
