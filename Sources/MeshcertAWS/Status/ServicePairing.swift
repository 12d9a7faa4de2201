import MeshcertAppMesh

/// The blue units (App Mesh virtual services, and virtual nodes no virtual service names), the
/// green units (ECS services whose PRIMARY deployment has Service Connect enabled), and how
/// they pair up: `--map` first, then by name (docs/aws-status.md, "Pairing").
struct BlueUnit {
    var mesh: String
    var virtualService: String?
    var nodes: [MeshNode]
    /// A route of its router sends traffic to more than one virtual node.
    var weightedRouting: Bool
    var ecsServices: [ECSService] = []

    /// The service's name when it has no green copy: the virtual service's first DNS label, else
    /// the node's Cloud Map service name, else the node's name.
    var shortName: String {
        if let vs = virtualService { return firstLabel(vs) }
        return nodes.first?.serviceDiscovery?.service ?? nodes.first?.appMeshName ?? mesh
    }

    /// Names it pairs by, strongest first, each with the `pairedBy` word.
    var keys: [(key: String, how: String)] {
        var out: [(String, String)] = []
        if let vs = virtualService { out += [(vs, "virtual_service"), (firstLabel(vs), "dns_label")] }
        for node in nodes { if let s = node.serviceDiscovery?.service { out.append((s, "cloud_map")) } }
        return out.map { (normalised($0.0), $0.1) }
    }

    /// Weaker names (documented): the virtual node names.
    var weakKeys: [(key: String, how: String)] { nodes.map { (normalised($0.appMeshName), "virtual_node") } }

    func matches(_ selector: String) -> Bool {
        let s = normalised(selector)
        return virtualService.map(normalised) == s || nodes.contains { normalised($0.appMeshName) == s || normalised("\($0.mesh)/\($0.appMeshName)") == s }
    }
}

struct GreenUnit {
    var service: ECSService
    var deployment: Deployment
    var configuration: ServiceConnectConfiguration

    var discoveryNames: [String] { (configuration.services ?? []).compactMap { $0.discoveryName ?? $0.portName } }
    var clientAliases: [String] { (configuration.services ?? []).flatMap { ($0.clientAliases ?? []).compactMap(\.dnsName) } }

    var keys: [String] { (discoveryNames + clientAliases).map(normalised) }
    var weakKeys: [String] { [normalised(service.serviceName)] }

    var shortName: String { discoveryNames.first ?? clientAliases.first.map(firstLabel) ?? service.serviceName }

    func matches(_ selector: String) -> Bool {
        let s = normalised(selector)
        return keys.contains(s) || weakKeys.contains(s) || normalised("\(service.clusterName ?? "")/\(service.serviceName)") == s
    }
}

/// One row of the tracker before analysis.
struct PairedService {
    var name: String
    var pairedBy: String?
    var blue: BlueUnit?
    var green: GreenUnit?
}

func firstLabel(_ name: String) -> String { String(name.split(separator: ".").first ?? Substring(name)) }
func normalised(_ name: String) -> String {
    var s = name.lowercased()
    while s.hasSuffix(".") { s.removeLast() }
    return s
}

enum ServicePairing {
    /// Blue units from the App Mesh configuration, with the ECS services behind Envoy attached.
    static func blueUnits(_ world: AWSWorld) -> [BlueUnit] {
        let config = world.appMesh
        let nodes = config.nodes.filter { $0.kind == .virtualNode }
        var byName: [String: MeshNode] = [:]
        for n in nodes where byName["\(n.mesh)/\(n.appMeshName)"] == nil { byName["\(n.mesh)/\(n.appMeshName)"] = n }
        func node(_ mesh: String, _ name: String) -> MeshNode? { byName["\(mesh)/\(name)"] }
        var units: [BlueUnit] = []
        var covered = Set<String>()
        for vs in config.virtualServices {
            var members: [MeshNode] = []
            var weighted = false
            if let provider = vs.providerNode, let n = node(vs.mesh, provider) { members.append(n) }
            if let router = vs.providerRouter {
                for route in config.routes where route.mesh == vs.mesh && route.router == router {
                    if route.weightedTargets.filter({ $0.weight > 0 }).count > 1 { weighted = true }
                    for target in route.weightedTargets {
                        if let n = node(vs.mesh, target.virtualNode), !members.contains(where: { $0.name == n.name }) { members.append(n) }
                    }
                }
            }
            for n in members { covered.insert("\(n.mesh)/\(n.appMeshName)") }
            units.append(BlueUnit(mesh: vs.mesh, virtualService: vs.awsName ?? vs.name, nodes: members, weightedRouting: weighted))
        }
        for n in nodes where !covered.contains("\(n.mesh)/\(n.appMeshName)") {
            // Without a virtual service (an emulator implements none), a route that splits
            // between this node and another still counts.
            let weighted = config.routes.contains { route in
                route.mesh == n.mesh && route.weightedTargets.filter({ $0.weight > 0 }).count > 1
                    && route.weightedTargets.contains { $0.virtualNode == n.appMeshName }
            }
            units.append(BlueUnit(mesh: n.mesh, virtualService: nil, nodes: [n], weightedRouting: weighted))
        }
        // ECS services behind Envoy belong to the unit of the virtual node their task names.
        var unitOfNode: [String: Int] = [:]
        for (i, unit) in units.enumerated() {
            for n in unit.nodes where unitOfNode["\(n.mesh)/\(n.appMeshName)"] == nil { unitOfNode["\(n.mesh)/\(n.appMeshName)"] = i }
        }
        for service in world.services {
            guard let td = world.taskDefinition(of: service), td.isAppMesh, let vn = td.virtualNode else { continue }
            if let i = unitOfNode["\(vn.mesh)/\(vn.node)"] { units[i].ecsServices.append(service) }
        }
        return units
    }

    /// ECS services that are not behind App Mesh and whose PRIMARY deployment has Service Connect enabled.
    static func greenUnits(_ world: AWSWorld) -> [GreenUnit] {
        world.services.compactMap { service in
            if let td = world.taskDefinition(of: service), td.isAppMesh { return nil }
            guard let primary = service.primaryDeployment, let sc = primary.serviceConnectConfiguration, sc.enabled else { return nil }
            return GreenUnit(service: service, deployment: primary, configuration: sc)
        }
    }

    /// Pairs blue and green: the map's pairs, then strong names, then weak names; what is left
    /// stands alone.
    static func pair(blue: [BlueUnit], green: [GreenUnit], map: ServiceMap) -> [PairedService] {
        var blueLeft = Array(blue.indices), greenLeft = Array(green.indices)
        var paired: [(Int?, Int?, String?, String?)] = []   // blue, green, pairedBy, name
        for p in map.pairs {
            guard let b = blueLeft.first(where: { blue[$0].matches(p.blue) }),
                  let g = greenLeft.first(where: { green[$0].matches(p.green) }) else { continue }
            blueLeft.removeAll { $0 == b }
            greenLeft.removeAll { $0 == g }
            paired.append((b, g, "map", p.name ?? blue[b].shortName))
        }
        // Strong names against Service Connect names first; then, weaker, the virtual node names
        // too, and the ECS service's name (`ecs_service` when that is what matched). Names are
        // computed once: a fleet of hundreds of services pairs in milliseconds.
        let blueKeys = blue.map(\.keys), blueWeakKeys = blue.map(\.weakKeys)
        let greenKeys = green.map { Set($0.keys) }, greenWeakKeys = green.map { Set($0.weakKeys) }
        for weak in [false, true] {
            for b in blueLeft {
                let keys = weak ? blueKeys[b] + blueWeakKeys[b] : blueKeys[b]
                var found: (Int, String)?
                for (key, how) in keys {
                    if let g = greenLeft.first(where: { greenKeys[$0].contains(key) || (weak && greenWeakKeys[$0].contains(key)) }) {
                        found = (g, greenKeys[g].contains(key) ? how : "ecs_service")
                        break
                    }
                }
                guard let (g, how) = found else { continue }
                blueLeft.removeAll { $0 == b }
                greenLeft.removeAll { $0 == g }
                paired.append((b, g, how, nil))
            }
        }
        var out: [PairedService] = []
        // Rows in blue order (a green-only service after the blue ones), so the output is stable.
        for b in blue.indices {
            if let p = paired.first(where: { $0.0 == b }) {
                out.append(PairedService(name: p.3 ?? blue[b].shortName, pairedBy: p.2, blue: blue[b], green: p.1.map { green[$0] }))
            } else {
                out.append(PairedService(name: blue[b].shortName, pairedBy: nil, blue: blue[b], green: nil))
            }
        }
        for g in greenLeft { out.append(PairedService(name: green[g].shortName, pairedBy: nil, blue: nil, green: green[g])) }
        return out
    }
}
