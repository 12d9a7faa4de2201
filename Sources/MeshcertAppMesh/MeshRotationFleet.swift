import Foundation
import MeshcertRotation
import MeshcertSupport

/// `rotate simulate --from-mesh` and `meshcert report`: a rotation scenario's services built from
/// App Mesh configuration (aws CLI exports, Kubernetes CRDs) or from `meshcert.mesh.v1` documents
/// (`meshcert mesh scan --format json`, read as `MeshDocument`). One service per virtual node,
/// whose clients are the virtual nodes that have it as a backend.
public enum MeshRotationFleet {
    /// The services, and the messages to show (unread App Mesh files, unresolved backends,
    /// scenario clients that are not services), each starting `--from-mesh`.
    public struct Outcome: Sendable, Equatable {
        public var services: [Service]
        public var warnings: [String]
    }

    /// Nothing usable: no virtual node, several meshes, or a mesh document that does not read.
    /// `warnings` are the messages met before (to show first).
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var warnings: [String]
        public var description: String { message }
    }

    /// Reads `paths` (files or folders; `.json` files holding a meshcert.mesh.v1 document are read
    /// as such, everything else as App Mesh configuration) and builds the services. `base` are the
    /// scenario's own services: one with a node's name keeps its tasks and restarts; the others
    /// get `tasks`.
    public static func services(paths: [String], base: [Service], tasks: Int) throws(Failure) -> Outcome {
        var nodes: [FleetNode] = []
        var providers: [String: [String]] = [:]
        var meshes: Set<String> = []
        var warnings: [String] = []
        var appMeshPaths: [String] = []
        for path in paths {
            if let document = try meshDocument(path, warnings: warnings) { nodes += fleetNodes(document) } else { appMeshPaths.append(path) }
        }
        if !appMeshPaths.isEmpty {
            let config = AppMeshLoader.load(paths: appMeshPaths)
            warnings += config.errors.map { "--from-mesh: \($0.description)" }
            let fleet = fleetNodes(config)
            nodes += fleet.nodes
            providers.merge(fleet.providers) { $0 + $1 }
            meshes.formUnion(fleet.meshes)
        }
        guard meshes.count <= 1 else {
            throw Failure(message: "--from-mesh: the inputs hold \(meshes.count) meshes (\(meshes.sorted().joined(separator: ", "))): give one mesh's configuration",
                          warnings: warnings)
        }
        guard !nodes.isEmpty else {
            throw Failure(message: "--from-mesh \(paths.joined(separator: " ")): no App Mesh virtual node found", warnings: warnings)
        }
        let built = MeshFleet.services(nodes: nodes, providers: providers, base: base, defaultTasks: tasks)
        warnings += built.unresolved.map { "--from-mesh: backend \($0) matches no virtual node (ignored)" }
        // Scenario clients that are neither in the scenario nor in the mesh cannot judge anything.
        let names = Set(built.services.map(\.name))
        let services = built.services.map { s in
            var s = s
            for c in s.clients where !names.contains(c) { warnings.append("--from-mesh: client \(c) of \(s.name) is not a service (ignored)") }
            s.clients = s.clients.filter(names.contains)
            return s
        }
        return Outcome(services: services, warnings: warnings)
    }

    /// The virtual nodes of a mesh document, with the names their Cloud Map service
    /// (`service.namespace`) or DNS hostname give them.
    public static func fleetNodes(_ document: MeshDocument) -> [FleetNode] {
        document.nodes.filter { $0.kind == .virtualNode }.map { n in
            FleetNode(name: n.name, backends: n.backends,
                      aliases: aliases(namespace: n.serviceDiscovery?.namespace, service: n.serviceDiscovery?.service,
                                       hostname: n.serviceDiscovery?.hostname))
        }
    }

    /// The virtual nodes of a configuration, who provides each virtual service (its provider node
    /// or its router's weighted targets) and the meshes the nodes belong to.
    public static func fleetNodes(_ config: AppMeshConfiguration) -> (nodes: [FleetNode], providers: [String: [String]], meshes: Set<String>) {
        var nodes: [FleetNode] = []
        var meshes: Set<String> = []
        for node in config.nodes where node.kind == .virtualNode {
            meshes.insert(node.mesh)
            let d = node.serviceDiscovery
            nodes.append(FleetNode(name: node.name, backends: node.backends,
                                   aliases: aliases(namespace: d?.namespace, service: d?.service, hostname: d?.hostname)))
        }
        var providers: [String: [String]] = [:]
        for vs in config.virtualServices {
            var targets: [String] = []
            if let n = vs.providerNode { targets.append(n) }
            if let r = vs.providerRouter {
                targets += config.routes.filter { $0.mesh == vs.mesh && $0.router == r }.flatMap(\.weightedTargets).map(\.virtualNode)
            }
            for name in Set([vs.name, vs.awsName ?? vs.name]) { providers[name, default: []] += targets }
        }
        return (nodes, providers, meshes)
    }

    private static func aliases(namespace: String?, service: String?, hostname: String?) -> [String] {
        var aliases: [String] = []
        if let service, let namespace { aliases.append("\(service).\(namespace)") }
        if let hostname { aliases.append(hostname) }
        return aliases
    }

    /// Only `schema` is read first: it says whether the file is a mesh document at all.
    private struct SchemaProbe: Decodable { var schema: String? }

    /// The mesh document in `path`, or nil when the file is something else (then it is read as
    /// App Mesh configuration). A meshcert.mesh.v1 document that does not read is a failure
    /// naming the field.
    static func meshDocument(_ path: String, warnings: [String]) throws(Failure) -> MeshDocument? {
        guard path.hasSuffix(".json"), let data = FileManager.default.contents(atPath: path),
              let json = try? JSON.parse([UInt8](data)),
              (try? JSONValueDecoder().decode(SchemaProbe.self, from: json))?.schema == MeshDocument.schemaName else { return nil }
        do {
            return try JSONValueDecoder().decode(MeshDocument.self, from: json)
        } catch let error as DecodingError {
            throw Failure(message: "--from-mesh \(path): not a readable \(MeshDocument.schemaName) document: \(error.fieldDescription)", warnings: warnings)
        } catch {
            throw Failure(message: "--from-mesh \(path): not a readable \(MeshDocument.schemaName) document: \(error)", warnings: warnings)
        }
    }
}
