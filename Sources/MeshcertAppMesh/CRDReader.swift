import Foundation
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
        let namespace = try doc.child("metadata").child("namespace").string()
        // Mesh resources are the mesh; everything else points at one.
        let mesh = kind == "Mesh" ? name : (try spec.child("meshRef").child("name").string() ?? "")
        switch kind {
        case "Mesh":
            var info = MeshInfo(name: name, awsName: awsName, meshOwner: try spec.child("meshOwner").string(),
                                egressFilter: try spec.child("egressFilter").child("type").string(), sources: [file])
            let selector = try spec.child("namespaceSelector")
            if try selector.object() != nil { info.namespaceSelector = try labels(selector.child("matchLabels")) }
            out.meshes.append(info)
        case "VirtualNode", "VirtualGateway":
            var node = MeshNode(mesh: mesh, name: name, awsName: awsName,
                                kind: kind == "VirtualNode" ? .virtualNode : .virtualGateway, sources: [file])
            node.namespace = namespace
            try SpecReader.node(spec: spec, into: &node)
            out.nodes.append(node)
        case "VirtualRouter":
            out.virtualRouters.append(mesh + "/" + name)
            for route in try spec.child("routes").array() {
                let (type, targets) = try SpecReader.route(route)
                var r = MeshRoute(mesh: mesh, router: name, name: try route.child("name").requiredString(),
                                  routeType: type, weightedTargets: targets, sources: [file])
                r.match = try SpecReader.match(route, routeType: type)
                r.namespace = namespace
                out.routes.append(r)
            }
        case "VirtualService":
            let provider = try spec.child("provider")
            var service = MeshVirtualService(
                mesh: mesh, name: name, awsName: awsName,
                providerNode: try provider.child("virtualNode").child("virtualNodeRef").child("name").string(),
                providerRouter: try provider.child("virtualRouter").child("virtualRouterRef").child("name").string())
            service.namespace = namespace
            out.virtualServices.append(service)
        case "GatewayRoute":
            out.gatewayRoutes.append(mesh + "/" + name)
        default:
            break
        }
    }

    /// `matchLabels` and `metadata.labels`: string values (numbers and booleans as written).
    static func labels(_ f: FieldPath) throws -> [String: String] {
        guard case .object(let dict)? = f.value else { return [:] }
        var out: [String: String] = [:]
        for (k, v) in dict {
            switch v {
            case .string(let s): out[k] = s
            case .int(let i): out[k] = String(i)
            case .bool(let b): out[k] = String(b)
            default: break
            }
        }
        return out
    }

    /// A Kubernetes `Namespace` (apiVersion v1) with its labels; nil for anything else.
    static func namespace(_ doc: DocValue) -> KubernetesNamespace? {
        guard case .object(let dict) = doc, case .string("Namespace")? = dict["kind"], case .string("v1")? = dict["apiVersion"],
              case .object(let meta)? = dict["metadata"], case .string(let name)? = meta["name"] else { return nil }
        return KubernetesNamespace(name: name, labels: (try? labels(FieldPath(meta["labels"], path: ""))) ?? [:])
    }

    /// `VirtualNode users` read from a document's text without parsing it (it may be broken):
    /// its top-level `kind:` and the `name:` under `metadata:`.
    static func kindAndName(_ text: Substring) -> String? {
        var kind: String?, name: String?
        var inMetadata = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("kind:") { kind = value(line.dropFirst(5)) }
            if line.hasPrefix("metadata:") { inMetadata = true; continue }
            if inMetadata {
                if let first = line.first, first != " " && first != "#" { inMetadata = false; continue }
                let trimmed = line.drop { $0 == " " }
                if trimmed.hasPrefix("name:"), line.prefix(while: { $0 == " " }).count == 2 { name = value(trimmed.dropFirst(5)) }
            }
        }
        guard let kind else { return nil }
        return name.map { "\(kind) \($0)" } ?? kind
    }

    private static func value(_ s: Substring) -> String? {
        let v = s.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        // Names only (what a broken line holds is not echoed: the file may hold secrets).
        guard !v.isEmpty, v.count <= 253, v.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else { return nil }
        return v
    }
}
