/// Reads App Mesh controller custom resources (`appmesh.k8s.aws/v1beta2`). A resource is named
/// by `metadata.name`; `spec.awsName` (the App Mesh name) is kept beside it; it belongs to the
/// mesh named by `spec.meshRef.name`. Routes live inside `VirtualRouter.spec.routes`.
enum CRDReader {
    typealias Failure = FieldPath.Failure

    static let group = "appmesh.k8s.aws/"
    static let version = "appmesh.k8s.aws/v1beta2"
    static let kinds = ["Mesh", "VirtualNode", "VirtualGateway", "VirtualRouter", "VirtualService", "GatewayRoute"]

    /// Whether a parsed document is an App Mesh custom resource (possibly malformed).
    static func isAppMeshResource(_ doc: DocValue) -> Bool {
        guard case .object(let dict) = doc, case .string(let api)? = dict["apiVersion"] else { return false }
        return api.hasPrefix(group)
    }

    /// Kubernetes `List` documents (`kubectl get -o yaml`) hold resources under `items`.
    static func expand(_ doc: DocValue) -> [DocValue] {
        if case .object(let dict) = doc, case .string("List")? = dict["kind"], case .array(let items)? = dict["items"] {
            return items
        }
        return [doc]
    }

    /// Reads one resource; `label` prefixes field paths, e.g. `document 2 (VirtualNode users)`.
    static func read(_ doc: FieldPath, file: String, into out: inout FileContents) throws {
        let api = try doc.child("apiVersion").requiredString()
        let kind = try doc.child("kind").requiredString()
        guard kinds.contains(kind) else { return }  // e.g. BackendGroup: nothing TLS-related
        guard api == version else {
            throw Failure(field: doc.path.isEmpty ? "apiVersion" : doc.path + ".apiVersion",
                          message: "\(api) is not read; export the resources as \(version)")
        }
        let name = try doc.child("metadata").child("name").requiredString()
        let spec = try doc.child("spec")
        guard try spec.object() != nil || kind == "Mesh" else { throw Failure(field: spec.path, message: "missing") }
        let awsName = try spec.child("awsName").string()
        // Mesh resources are the mesh; everything else points at one.
        let mesh = kind == "Mesh" ? name : (try spec.child("meshRef").child("name").string() ?? "")
        switch kind {
        case "Mesh":
            out.meshes.append(MeshInfo(name: name, awsName: awsName, meshOwner: try spec.child("meshOwner").string(),
                                       egressFilter: try spec.child("egressFilter").child("type").string(),
                                       sources: [file]))
        case "VirtualNode", "VirtualGateway":
            var node = MeshNode(mesh: mesh, name: name, awsName: awsName,
                                kind: kind == "VirtualNode" ? .virtualNode : .virtualGateway, sources: [file])
            try SpecReader.node(spec: spec, into: &node)
            out.nodes.append(node)
        case "VirtualRouter":
            out.virtualRouters.append(mesh + "/" + name)
            for route in try spec.child("routes").array() {
                let (type, targets) = try SpecReader.route(route)
                out.routes.append(MeshRoute(mesh: mesh, router: name, name: try route.child("name").requiredString(),
                                            routeType: type, weightedTargets: targets, sources: [file]))
            }
        case "VirtualService":
            let provider = try spec.child("provider")
            out.virtualServices.append(MeshVirtualService(
                mesh: mesh, name: name, awsName: awsName,
                providerNode: try provider.child("virtualNode").child("virtualNodeRef").child("name").string(),
                providerRouter: try provider.child("virtualRouter").child("virtualRouterRef").child("name").string()))
        case "GatewayRoute":
            out.gatewayRoutes.append(mesh + "/" + name)
        default:
            break
        }
    }
}
