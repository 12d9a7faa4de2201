import MeshcertSupport
/// What one input file contributed.
struct FileContents {
    var file = ""
    var meshes: [MeshInfo] = []
    var nodes: [MeshNode] = []
    var routes: [MeshRoute] = []
    var virtualServices: [MeshVirtualService] = []
    var virtualRouters: [String] = []
    var gatewayRoutes: [String] = []
    /// Nodes named by `list-virtual-nodes` / `list-virtual-gateways` output (mesh, name, field).
    var listedNodes: [(mesh: String, name: String, kind: NodeKind, field: String)] = []
    var errors: [Diagnostic] = []
    /// The file held App Mesh configuration (false: skipped as something else).
    var recognised = false
}

/// Reads aws CLI `describe-*`, `create-*`/`update-*` (same envelope) and `list-*` output.
enum AWSExportReader {
    typealias Failure = FieldPath.Failure

    static let describeKeys = ["mesh", "virtualNode", "virtualGateway", "virtualRouter", "route",
                               "virtualService", "gatewayRoute"]
    static let listKeys = ["meshes", "virtualNodes", "virtualGateways", "virtualRouters", "routes",
                           "virtualServices", "gatewayRoutes"]

    /// Whether a top-level JSON object is aws CLI App Mesh output (possibly malformed).
    static func looksLikeAppMesh(_ value: DocValue) -> Bool {
        guard case .object(let dict) = value else { return false }
        for key in describeKeys {
            if case .object(let inner)? = dict[key],
               inner["meshName"] != nil || inner["spec"] != nil || inner["metadata"] != nil { return true }
        }
        for key in listKeys {
            guard case .array(let items)? = dict[key] else { continue }
            if items.isEmpty { return Set(dict.keys).isSubset(of: [key, "nextToken"]) }
            if case .object(let first) = items[0], first["meshName"] != nil { return true }
        }
        return false
    }

    /// Reads one envelope object into `out`. Throws the first malformed field.
    static func read(_ root: FieldPath, file: String, into out: inout FileContents) throws {
        for key in describeKeys {
            let item = try root.child(key)
            guard try item.object() != nil else { continue }
            try readDescribe(key: key, item, file: file, into: &out)
        }
        for key in listKeys {
            for ref in try root.child(key).array() {
                try readListItem(key: key, ref, into: &out)
            }
        }
    }

    static func owners(_ item: FieldPath) throws -> (mesh: String?, resource: String?) {
        let metadata = try item.child("metadata")
        return (try metadata.child("meshOwner").string(), try metadata.child("resourceOwner").string())
    }

    private static func readDescribe(key: String, _ item: FieldPath, file: String, into out: inout FileContents) throws {
        let mesh = try item.child("meshName").requiredString()
        switch key {
        case "mesh":
            let (meshOwner, resourceOwner) = try owners(item)
            let egress = try item.child("spec").child("egressFilter").child("type").string()
            out.meshes.append(MeshInfo(name: mesh, meshOwner: meshOwner, resourceOwner: resourceOwner,
                                       egressFilter: egress, sources: [file]))
        case "virtualNode", "virtualGateway":
            let kind: NodeKind = key == "virtualNode" ? .virtualNode : .virtualGateway
            let name = try item.child(key + "Name").requiredString()
            let (meshOwner, resourceOwner) = try owners(item)
            var node = MeshNode(mesh: mesh, name: name, kind: kind, meshOwner: meshOwner, resourceOwner: resourceOwner,
                                shared: meshOwner != nil && resourceOwner != nil && meshOwner != resourceOwner,
                                sources: [file])
            try SpecReader.node(spec: item.child("spec"), into: &node)
            out.nodes.append(node)
        case "virtualRouter":
            out.virtualRouters.append(mesh + "/" + (try item.child("virtualRouterName").requiredString()))
        case "route":
            let router = try item.child("virtualRouterName").requiredString()
            let name = try item.child("routeName").requiredString()
            let spec = try item.child("spec")
            guard try spec.object() != nil else { throw Failure(field: spec.path, message: "missing") }
            let (type, targets) = try SpecReader.route(spec)
            out.routes.append(MeshRoute(mesh: mesh, router: router, name: name, routeType: type,
                                        weightedTargets: targets, sources: [file]))
        case "virtualService":
            let name = try item.child("virtualServiceName").requiredString()
            let provider = try item.child("spec").child("provider")
            out.virtualServices.append(MeshVirtualService(
                mesh: mesh, name: name,
                providerNode: try provider.child("virtualNode").child("virtualNodeName").string(),
                providerRouter: try provider.child("virtualRouter").child("virtualRouterName").string()))
        case "gatewayRoute":
            out.gatewayRoutes.append(mesh + "/" + (try item.child("gatewayRouteName").requiredString()))
        default:
            break
        }
    }

    private static func readListItem(key: String, _ ref: FieldPath, into out: inout FileContents) throws {
        let mesh = try ref.child("meshName").requiredString()
        switch key {
        case "meshes":
            out.meshes.append(MeshInfo(name: mesh, meshOwner: try ref.child("meshOwner").string(),
                                       resourceOwner: try ref.child("resourceOwner").string()))
        case "virtualNodes":
            out.listedNodes.append((mesh, try ref.child("virtualNodeName").requiredString(), .virtualNode, ref.path))
        case "virtualGateways":
            out.listedNodes.append((mesh, try ref.child("virtualGatewayName").requiredString(), .virtualGateway, ref.path))
        default:
            // Routers, routes, services and gateway routes carry no TLS in list output.
            break
        }
    }
}
