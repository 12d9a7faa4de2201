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
    /// Why it was skipped (when not recognised).
    var skip: SkipReason?
    /// Kubernetes Namespaces (their labels select a mesh for CRDs without `meshRef`).
    var namespaces: [KubernetesNamespace] = []
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

    /// The name fields of `create-*`/`update-*` request files, most specific first, and the
    /// describe key each one means.
    static let requestNames: [(field: String, key: String)] = [
        ("gatewayRouteName", "gatewayRoute"), ("routeName", "route"), ("virtualNodeName", "virtualNode"),
        ("virtualGatewayName", "virtualGateway"), ("virtualServiceName", "virtualService"),
        ("virtualRouterName", "virtualRouter"), ("meshName", "mesh")]
    /// Spec fields that make a `{spec}` object App Mesh configuration, and the name each kind needs.
    static let specNames: [(field: String, name: String)] = [
        ("listeners", "virtualNodeName"), ("backends", "virtualNodeName"), ("serviceDiscovery", "virtualNodeName"),
        ("backendDefaults", "virtualNodeName"), ("httpRoute", "routeName"), ("http2Route", "routeName"),
        ("grpcRoute", "routeName"), ("tcpRoute", "routeName"), ("provider", "virtualServiceName"),
        ("egressFilter", "meshName")]

    enum Request { case kind(String), missingName(String) }

    /// An `aws appmesh create-*/update-* --cli-input-json` file: the describe fields without the envelope.
    static func request(_ value: DocValue) -> Request? {
        guard case .object(let dict) = value, dict["apiVersion"] == nil else { return nil }
        let spec: [String: DocValue]?
        if case .object(let s)? = dict["spec"] { spec = s } else { spec = nil }
        let specKind = spec.flatMap { s in specNames.first(where: { s[$0.field] != nil })?.name }
        if case .string? = dict["meshName"] {
            for (field, key) in requestNames where field != "meshName" && dict[field] != nil { return .kind(key) }
            if let specKind, specKind != "meshName" { return .missingName(specKind) }
            // create-mesh: meshName, spec, tags, clientToken and nothing else.
            return Set(dict.keys).isSubset(of: ["meshName", "spec", "tags", "clientToken", "meshOwner"]) ? .kind("mesh") : nil
        }
        guard let specKind else { return nil }
        return .missingName(specKind)
    }

    static func readRequest(_ request: Request, _ item: FieldPath, file: String, into out: inout FileContents) throws {
        switch request {
        case .kind(let key): try readDescribe(key: key, item, file: file, into: &out)
        case .missingName(let name):
            let missing = name == "meshName" ? "meshName" : "meshName and \(name)"
            throw Failure(field: item.path.isEmpty ? name : item.path + "." + name,
                          message: "missing: a --cli-input-json request needs \(missing) to say which resource this spec is")
        }
    }

    static func readDescribe(key: String, _ item: FieldPath, file: String, into out: inout FileContents) throws {
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
            var route = MeshRoute(mesh: mesh, router: router, name: name, routeType: type, weightedTargets: targets, sources: [file])
            route.match = try SpecReader.match(spec, routeType: type)
            out.routes.append(route)
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
