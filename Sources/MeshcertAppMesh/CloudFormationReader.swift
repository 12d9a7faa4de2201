import MeshcertSupport
/// Reads `AWS::AppMesh::*` resources of CloudFormation templates (YAML with short tags, or JSON
/// with `Fn::*`). Names come from `Properties` (`MeshName`, `VirtualNodeName`...; the logical
/// ID where a name is left to CloudFormation), `Spec` is mapped to the API's names by
/// `CloudFormationNames` and read by `SpecReader`, like the aws CLI and CRD inputs. A resource
/// with `MeshOwner` belongs to another account's mesh (shared through RAM).
enum CloudFormationReader {
    typealias Failure = FieldPath.Failure

    static let prefix = "AWS::AppMesh::"

    /// Whether a parsed document is a CloudFormation template: a format version, or
    /// `Resources` whose entries have an `AWS::...` or `Custom::...` `Type`.
    static func isTemplate(_ doc: DocValue) -> Bool {
        guard case .object(let top) = doc else { return false }
        if top["AWSTemplateFormatVersion"] != nil { return true }
        guard case .object(let resources)? = top["Resources"] else { return false }
        return resources.values.contains {
            guard case .object(let r) = $0, case .string(let type)? = r["Type"] else { return false }
            return type.hasPrefix("AWS::") || type.hasPrefix("Custom::")
        }
    }

    /// Reads the template's App Mesh resources into `out`; false when it has none.
    static func read(_ doc: DocValue, syntax: CloudFormationResolver.Syntax, file: String, into out: inout FileContents) -> Bool {
        guard case .object(let top) = doc, case .object(let resources)? = top["Resources"] else { return false }
        var resolver = CloudFormationResolver(template: top, syntax: syntax)
        var found = false
        for logicalID in resources.keys.sorted() {
            guard case .object(let resource)? = resources[logicalID], case .string(let type)? = resource["Type"],
                  type.hasPrefix(prefix) else { continue }
            found = true
            let label = "Resources.\(logicalID)"
            resolver.notes = []
            // A resource switched off by its Condition (evaluable from defaults) is not deployed.
            if case .string(let condition)? = resource["Condition"], resolver.evaluate(condition: condition) == false { continue }
            let properties = resolver.resolve(resource["Properties"] ?? .object([:])) ?? .object([:])
            do {
                try read(type: String(type.dropFirst(prefix.count)), logicalID: logicalID,
                         FieldPath(properties, path: label + ".Properties"), notes: resolver.notes, file: file, into: &out)
            } catch let f as Failure {
                out.errors.append(Diagnostic(file: file, field: CloudFormationNames.templatePath(f.field), code: "invalid_value",
                                             message: f.message))
            } catch {
                out.errors.append(Diagnostic(file: file, field: label, code: "invalid_value", message: "\(error)"))
            }
        }
        return found
    }

    private static func read(type: String, logicalID: String, _ p: FieldPath, notes: [String], file: String,
                             into out: inout FileContents) throws {
        guard try p.object() != nil else { throw Failure(field: p.path, message: "missing") }
        func name(_ key: String) throws -> String { try p.child(key).string() ?? logicalID }
        func spec() throws -> FieldPath {
            let raw = try p.child("Spec")
            return FieldPath(raw.value.map { CloudFormationNames.api($0) }, path: raw.path)
        }
        if type == "Mesh" {
            let spec = try spec()
            out.meshes.append(MeshInfo(name: try name("MeshName"), egressFilter: try spec.child("egressFilter").child("type").string(),
                                       sources: [file]))
            return
        }
        let mesh = try p.child("MeshName").requiredString()
        let meshOwner = try p.child("MeshOwner").string()
        switch type {
        case "VirtualNode", "VirtualGateway":
            let kind: NodeKind = type == "VirtualNode" ? .virtualNode : .virtualGateway
            var node = MeshNode(mesh: mesh, name: try name(type + "Name"), kind: kind, meshOwner: meshOwner,
                                shared: meshOwner != nil, sources: [file])
            try SpecReader.node(spec: spec(), into: &node)
            node.notes = notes
            out.nodes.append(node)
        case "VirtualRouter":
            out.virtualRouters.append(mesh + "/" + (try name("VirtualRouterName")))
        case "Route":
            let spec = try spec()
            guard try spec.object() != nil else { throw Failure(field: spec.path, message: "missing") }
            let (routeType, targets) = try SpecReader.route(spec)
            var route = MeshRoute(mesh: mesh, router: try p.child("VirtualRouterName").requiredString(), name: try name("RouteName"),
                                  routeType: routeType, weightedTargets: targets, sources: [file])
            route.match = try SpecReader.match(spec, routeType: routeType)
            route.notes = notes
            out.routes.append(route)
        case "VirtualService":
            let provider = try spec().child("provider")
            out.virtualServices.append(MeshVirtualService(
                mesh: mesh, name: try name("VirtualServiceName"),
                providerNode: try provider.child("virtualNode").child("virtualNodeName").string(),
                providerRouter: try provider.child("virtualRouter").child("virtualRouterName").string()))
        case "GatewayRoute":
            out.gatewayRoutes.append(mesh + "/" + (try name("GatewayRouteName")))
        default:
            break
        }
    }
}
