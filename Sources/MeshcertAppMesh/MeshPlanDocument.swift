import MeshcertSupport

/// Schema `meshcert.mesh.plan.v1`: the document of `meshcert mesh plan` (stdout, or `summary.json`
/// with `--out`). Field names and order are a public contract: declaration order is written order.
public struct MeshPlanDocument: Codable, Sendable, Equatable {
    public static let schemaName = "meshcert.mesh.plan.v1"

    public var schema: String
    public var pcaArn: String
    public var kmsKey: String?
    public var roleArn: String?
    public var plans: [Plan]
    public var virtualGateways: [Gateway]
    /// Routes with findings (the weighted routes that block their targets).
    public var routes: [Route]
    public var errors: [MeshDocument.ReadError]
    public var summary: Summary

    public init(schema: String = MeshPlanDocument.schemaName, pcaArn: String, kmsKey: String?, roleArn: String?, plans: [Plan],
                virtualGateways: [Gateway], routes: [Route], errors: [MeshDocument.ReadError], summary: Summary) {
        self.schema = schema
        self.pcaArn = pcaArn
        self.kmsKey = kmsKey
        self.roleArn = roleArn
        self.plans = plans
        self.virtualGateways = virtualGateways
        self.routes = routes
        self.errors = errors
        self.summary = summary
    }

    /// meshcert.mesh.plan.v1 `plans[]`: one virtual node. Exactly one of `file` (`--out`: the file
    /// holding the configuration) and `serviceConnectConfiguration` is written.
    public struct Plan: Codable, Sendable, Equatable {
        public var mesh: String
        public var node: String
        public var ready: Bool
        public var file: String?
        /// The botocore ecs 2014-11-13 `serviceConnectConfiguration` object, as AWS reads it.
        public var serviceConnectConfiguration: JSON?
        public var blockers: [MeshDocument.Finding]
        public var warnings: [MeshDocument.Finding]
        public var notes: [String]

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(mesh, forKey: .mesh)
            try c.encode(node, forKey: .node)
            try c.encode(ready, forKey: .ready)
            try c.encodeOmittingNil(file, forKey: .file)
            try c.encodeOmittingNil(serviceConnectConfiguration, forKey: .serviceConnectConfiguration)
            try c.encode(blockers, forKey: .blockers)
            try c.encode(warnings, forKey: .warnings)
            try c.encode(notes, forKey: .notes)
        }
    }

    /// meshcert.mesh.plan.v1 `virtualGateways[]`: a gateway (no Service Connect equivalent) and its findings.
    public struct Gateway: Codable, Sendable, Equatable {
        public var mesh: String
        public var name: String
        public var findings: [MeshDocument.Finding]
    }

    /// meshcert.mesh.plan.v1 `routes[]`: a route with findings.
    public struct Route: Codable, Sendable, Equatable {
        public var mesh: String
        public var router: String
        public var name: String
        public var findings: [MeshDocument.Finding]
    }

    /// meshcert.mesh.plan.v1 `summary`.
    public struct Summary: Codable, Sendable, Equatable {
        public var plans: Int
        public var ready: Int
        public var blocked: Int
        public var privateCACost: MeshDocument.Cost
    }
}

extension MeshPlanDocument {
    /// The whole plan. `files` maps a plan index to the file its configuration was written to
    /// (`--out`); such plans name the file instead of embedding the configuration.
    public init(_ plans: [ServiceConnectPlan], result: MeshScanResult, options: ServiceConnectPlanOptions, files: [Int: String] = [:]) {
        self.init(
            pcaArn: options.pcaArn, kmsKey: options.kmsKey, roleArn: options.roleArn,
            plans: plans.enumerated().map { i, plan in
                Plan(mesh: plan.mesh, node: plan.node, ready: plan.ready, file: files[i],
                     serviceConnectConfiguration: files[i] == nil ? plan.configuration : nil,
                     blockers: plan.blockers.map(MeshDocument.Finding.init), warnings: plan.warnings.map(MeshDocument.Finding.init),
                     notes: plan.notes)
            },
            virtualGateways: result.nodes.filter { $0.node.kind == .virtualGateway }.map {
                Gateway(mesh: $0.node.mesh, name: $0.node.name, findings: $0.findings.map(MeshDocument.Finding.init))
            },
            routes: result.routes.filter { !$0.findings.isEmpty }.map {
                Route(mesh: $0.route.mesh, router: $0.route.router, name: $0.route.name, findings: $0.findings.map(MeshDocument.Finding.init))
            },
            errors: result.errors.map(MeshDocument.ReadError.init),
            summary: Summary(plans: plans.count, ready: plans.filter(\.ready).count, blocked: plans.filter { !$0.ready }.count,
                             privateCACost: MeshDocument.Cost(result.cost)))
    }

    /// The JSON tree: the same tree as `JSONValueEncoder().encode(self)` (MeshDocumentTests checks
    /// it), with the lists that grow with the input built directly: the Codable encoder appends
    /// array items in quadratic time (10,000 plans).
    public func json() -> JSON {
        var skeleton = self
        skeleton.plans = []
        skeleton.virtualGateways = []
        skeleton.routes = []
        skeleton.errors = []
        // Nothing in the document throws while encoding (no custom failure paths).
        guard case .object(var fields) = try! JSONValueEncoder().encode(skeleton) else { return .null }
        func findings(_ f: [MeshDocument.Finding]) -> JSON { .array(f.map { $0.json() }) }
        for i in fields.indices {
            switch fields[i].0 {
            case CodingKeys.plans.stringValue: fields[i].1 = .array(plans.map { $0.json() })
            case CodingKeys.virtualGateways.stringValue:
                fields[i].1 = .array(virtualGateways.map { .object([("mesh", .string($0.mesh)), ("name", .string($0.name)), ("findings", findings($0.findings))]) })
            case CodingKeys.routes.stringValue:
                fields[i].1 = .array(routes.map {
                    .object([("mesh", .string($0.mesh)), ("router", .string($0.router)), ("name", .string($0.name)), ("findings", findings($0.findings))])
                })
            case CodingKeys.errors.stringValue:
                fields[i].1 = .array(errors.map { $0.json() })
            default: break
            }
        }
        return .object(fields)
    }

    /// The rendered document, without a final newline.
    public func render() -> String { json().render() }
}

extension MeshPlanDocument.Plan {
    /// This plan as a JSON tree, equal to `JSONValueEncoder().encode(self)`.
    public func json() -> JSON {
        var fields: [(String, JSON)] = [("mesh", .string(mesh)), ("node", .string(node)), ("ready", .bool(ready))]
        if let file { fields.append(("file", .string(file))) }
        if let serviceConnectConfiguration { fields.append(("serviceConnectConfiguration", serviceConnectConfiguration)) }
        fields += [("blockers", .array(blockers.map { $0.json() })), ("warnings", .array(warnings.map { $0.json() })),
                   ("notes", .strings(notes))]
        return .object(fields)
    }
}
