import MeshcertSupport

/// `meshcert mesh scan --format json`: schema `meshcert.mesh.v1`. Field names are a public contract.
public enum MeshScanJSON {
    public static let schema = "meshcert.mesh.v1"

    /// The rendered document (large node lists are rendered on all cores; same bytes as `document(r).render()`).
    public static func render(_ r: MeshScanResult) -> String {
        ParallelJSONRender.render(document(r))
    }

    public static func document(_ r: MeshScanResult) -> JSON {
        .object([
            ("schema", .string(schema)),
            ("evaluatedAt", .string(r.evaluatedAt.map(Timestamp.format))),
            ("files", .object([("read", .int(r.configuration.filesRead)), ("skipped", .int(r.configuration.filesSkipped))])),
            ("meshes", .array(r.configuration.meshes.map(mesh))),
            ("nodes", .array(r.nodes.map(node))),
            ("routes", .array(r.routes.map(route))),
            ("certificateAuthorities", .array(r.certificateAuthorities.map {
                .object([("arn", .string($0.arn)), ("referencedBy", .strings($0.referencedBy))])
            })),
            ("errors", .array(r.errors.map(error))),
            ("summary", summary(r)),
        ])
    }

    static func mesh(_ m: MeshInfo) -> JSON {
        .object([("name", .string(m.name)), ("awsName", .string(m.awsName)), ("meshOwner", .string(m.meshOwner)),
                 ("resourceOwner", .string(m.resourceOwner)), ("egressFilter", .string(m.egressFilter)),
                 ("sources", .strings(m.sources))])
    }

    static func node(_ r: NodeReport) -> JSON {
        let n = r.node
        return .object([
            ("mesh", .string(n.mesh)),
            ("name", .string(n.name)),
            ("awsName", .string(n.awsName)),
            ("kind", .string(n.kind.rawValue)),
            ("meshOwner", .string(n.meshOwner)),
            ("resourceOwner", .string(n.resourceOwner)),
            ("shared", .bool(n.shared)),
            ("serviceDiscovery", n.serviceDiscovery.map { sd in
                .object([("type", .string(sd.kind.rawValue)), ("namespace", .string(sd.namespace)),
                         ("service", .string(sd.service)), ("hostname", .string(sd.hostname))])
            } ?? .null),
            ("listeners", .array(n.listeners.map(listener))),
            ("clientPolicies", .array(n.clientPolicies.map(clientPolicy))),
            ("backends", .strings(n.backends)),
            ("mtlsServer", .bool(n.mtlsServer)),
            ("mtlsClient", .bool(n.mtlsClient)),
            ("trustedCertificateAuthorityArns", .strings(n.trustedCertificateAuthorityArns)),
            ("weightedRouteTarget", .bool(r.weightedRouteTarget)),
            ("ready", .bool(n.kind == .virtualNode && r.blockers == 0 && !r.weightedRouteTarget)),
            ("certificates", .array(r.certificates.map(linked))),
            ("findings", .array(r.findings.map(finding))),
            ("sources", .strings(n.sources)),
        ])
    }

    static func listener(_ l: Listener) -> JSON {
        .object([
            ("port", .int(l.port)),
            ("protocol", .string(l.protocolName)),
            ("tlsMode", .string(l.tlsMode)),
            ("certificateSource", .string(l.certificate?.source.rawValue)),
            ("certificateArn", .string(l.certificate?.certificateArn)),
            ("certificateChain", .string(l.certificate?.certificateChain)),
            ("privateKey", .string(l.certificate?.privateKey)),
            ("secretName", .string(l.certificate?.secretName)),
            ("validation", l.validation.map(validation) ?? .null),
            ("timeout", l.timeout.map { t in
                .object([("idleMilliseconds", t.idleMilliseconds.map(JSON.int) ?? .null),
                         ("perRequestMilliseconds", t.perRequestMilliseconds.map(JSON.int) ?? .null)])
            } ?? .null),
        ])
    }

    static func validation(_ v: TLSValidation) -> JSON {
        .object([
            ("trustSource", .string(v.trustSource.rawValue)),
            ("certificateAuthorityArns", .strings(v.certificateAuthorityArns)),
            ("certificateChain", .string(v.certificateChain)),
            ("secretName", .string(v.secretName)),
            ("subjectAlternativeNames", .strings(v.subjectAlternativeNames)),
        ])
    }

    static func clientPolicy(_ p: ClientPolicy) -> JSON {
        .object([
            ("backend", .string(p.backend)),
            ("enforce", .bool(p.enforce)),
            ("ports", .array(p.ports.map { .int($0) })),
            ("certificateSource", .string(p.certificate?.source.rawValue)),
            ("certificateChain", .string(p.certificate?.certificateChain)),
            ("privateKey", .string(p.certificate?.privateKey)),
            ("secretName", .string(p.certificate?.secretName)),
            ("validation", p.validation.map(validation) ?? .null),
        ])
    }

    static func linked(_ c: LinkedCertificate) -> JSON {
        .object([
            ("role", .string(c.role)),
            ("context", .string(c.context)),
            ("configuredPath", .string(c.configuredPath)),
            ("file", .string(c.file?.path)),
            ("certificates", c.file.map { .int($0.certificates) } ?? .null),
            ("subject", .string(c.file?.subject)),
            ("notAfter", .string(c.file?.notAfter.map(Timestamp.format))),
            ("usageMode", .string(c.file?.usageMode)),
            ("findings", .strings(c.file?.findings.map(\.code) ?? [])),
        ])
    }

    static func finding(_ f: MeshFinding) -> JSON {
        .object([("code", .string(f.code)), ("severity", .string(f.severity.rawValue)),
                 ("message", .string(f.message)), ("fix", .string(f.fix))])
    }

    static func route(_ r: RouteReport) -> JSON {
        .object([
            ("mesh", .string(r.route.mesh)),
            ("router", .string(r.route.router)),
            ("name", .string(r.route.name)),
            ("type", .string(r.route.routeType)),
            ("weightedTargets", .array(r.route.weightedTargets.map { t in
                .object([("virtualNode", .string(t.virtualNode)), ("weight", .int(t.weight)),
                         ("port", t.port.map { JSON.int($0) } ?? .null)])
            })),
            ("findings", .array(r.findings.map(finding))),
            ("sources", .strings(r.route.sources)),
        ])
    }

    static func error(_ e: MeshReadError) -> JSON {
        .object([("file", .string(e.file)), ("field", .string(e.field)), ("message", .string(e.message))])
    }

    static func counts(_ s: MeshSummary) -> [(String, JSON)] {
        [("nodes", .int(s.nodes)), ("virtualGateways", .int(s.virtualGateways)), ("routes", .int(s.routes)),
         ("blockers", .int(s.blockers)), ("warnings", .int(s.warnings)), ("infos", .int(s.infos)),
         ("readyServices", .int(s.readyServices))]
    }

    static func summary(_ r: MeshScanResult) -> JSON {
        .object([
            ("meshes", .array(r.meshes.map { .object([("mesh", .string($0.mesh))] + counts($0)) })),
            ("overall", .object(counts(r.overall) + [("errors", .int(r.errors.count))])),
            ("privateCACost", cost(r.cost)),
        ])
    }

    public static func cost(_ c: CACostComparison) -> JSON {
        func mode(_ m: CAModeCost) -> JSON {
            .object([("usageMode", .string(m.usageMode)), ("certificateAuthorities", .int(m.certificateAuthorities)),
                     ("certificatesPerMonth", .double(m.certificatesPerMonth)), ("caMonthlyUSD", .double(m.caMonthly)),
                     ("certificatesMonthlyUSD", .double(m.certificatesMonthly)), ("totalMonthlyUSD", .double(m.totalMonthly))])
        }
        return .object([
            ("prices", .string(c.priceLabel)),
            ("services", .int(c.services)),
            ("tasksPerService", .int(c.tasksPerService)),
            ("certificatesInUse", .int(c.certificatesInUse)),
            ("generalPurpose", mode(c.generalPurpose)),
            ("shortLived", mode(c.shortLived)),
        ])
    }
}
