/// The readiness rules: what in a node or route stands in the way of ECS Service Connect.
/// Each rule is a small function so that a unit test can exercise it alone.
enum MeshRules {
    static let mtlsFix = "Service Connect has no mutual TLS: authenticate callers another way (security groups, "
        + "IAM/SigV4, application tokens) before the move, or keep this service behind an ALB with mTLS"

    static func nodeFindings(_ node: MeshNode, costNote: String) -> [MeshFinding] {
        var findings: [MeshFinding] = []
        findings += virtualGateway(node)
        findings += mtlsServer(node)
        findings += mtlsClient(node)
        findings += sharedMesh(node)
        findings += permissiveTLS(node)
        findings += noTLS(node)
        findings += fileOrSDSCertificate(node)
        findings += generalPurposeCA(node, costNote: costNote)
        findings += dnsServiceDiscovery(node)
        findings += wildcardSANEnforced(node)
        findings += conflictingDefinitions(node)
        findings += unresolvedMesh(node)
        return findings
    }

    static func conflictingDefinitions(_ node: MeshNode) -> [MeshFinding] {
        node.conflicts.map {
            MeshFinding(code: MeshFindingCode.conflictingDefinitions, severity: .warning, message: $0,
                        fix: "keep one definition of each resource in the inputs (the deployed one: export it with Scripts/export-appmesh.sh)")
        }
    }

    static func unresolvedMesh(_ node: MeshNode) -> [MeshFinding] {
        guard node.mesh == MeshNode.unresolvedMesh else { return [] }
        let ns = node.namespace.map { " in namespace \($0)" } ?? ""
        return [MeshFinding(code: MeshFindingCode.unresolvedMesh, severity: .warning,
                            message: "\(node.kind.rawValue) \(node.name)\(ns) has no spec.meshRef, and no mesh's namespaceSelector matches its Namespace's labels",
                            fix: "add the Namespace resource (with its labels) and the Mesh resources to the inputs, or set spec.meshRef.name")]
    }

    static let wildcardFix = "App Mesh matches wildcard SANs only when the client policy is not enforced: list the exact DNS names "
        + "(the virtual service names clients call) instead; turning enforce off would make the wildcard work but drops the TLS requirement"

    /// An enforced client policy whose validation matches a wildcard SAN. The server side
    /// (a backend presenting a wildcard certificate) needs `--certs`: `CertificateRules`.
    static func wildcardSANEnforced(_ node: MeshNode) -> [MeshFinding] {
        node.clientPolicies.compactMap { policy in
            guard policy.enforce, let validation = policy.validation else { return nil }
            let wildcards = validation.subjectAlternativeNames.filter { $0.contains("*") }
            guard !wildcards.isEmpty else { return nil }
            let target = policy.backend.map { "to backend \($0)" } ?? "to every backend (backendDefaults)"
            return MeshFinding(code: MeshFindingCode.wildcardSANEnforced, severity: .warning,
                               message: "client policy \(target) is enforced and matches wildcard SAN \(wildcards.joined(separator: ", "))",
                               fix: wildcardFix)
        }
    }

    static func virtualGateway(_ node: MeshNode) -> [MeshFinding] {
        guard node.kind == .virtualGateway else { return [] }
        let ports = node.listeners.map { "\($0.port)/\($0.protocolName)" }.joined(separator: ", ")
        return [MeshFinding(
            code: MeshFindingCode.virtualGateway, severity: .warning,
            message: "virtual gateway \(node.name) is the mesh's ingress (listeners \(ports.isEmpty ? "none" : ports)); Service Connect has no gateway",
            fix: "put an Application Load Balancer (or API Gateway) in front of the Service Connect services; ALB weighted target groups can also shift traffic between the old and new environments")]
    }

    static func mtlsServer(_ node: MeshNode) -> [MeshFinding] {
        node.listeners.compactMap { listener in
            guard let validation = listener.validation else { return nil }
            var detail = "trust " + describe(validation)
            if !validation.subjectAlternativeNames.isEmpty {
                detail += "; client SANs " + validation.subjectAlternativeNames.joined(separator: ", ")
            }
            return MeshFinding(code: MeshFindingCode.mtlsServer, severity: .blocker,
                               message: "listener \(listener.port) requires client certificates (\(detail))", fix: mtlsFix)
        }
    }

    static func mtlsClient(_ node: MeshNode) -> [MeshFinding] {
        node.clientPolicies.compactMap { policy in
            guard let certificate = policy.certificate else { return nil }
            let target = policy.backend.map { "to backend \($0)" } ?? "to every backend (backendDefaults)"
            return MeshFinding(code: MeshFindingCode.mtlsClient, severity: .blocker,
                               message: "presents client certificate \(describe(certificate)) \(target)", fix: mtlsFix)
        }
    }

    static func sharedMesh(_ node: MeshNode) -> [MeshFinding] {
        guard node.shared else { return [] }
        let owner = node.meshOwner ?? "another account"
        let resource = node.resourceOwner.map { " (this resource: \($0))" } ?? ""
        return [MeshFinding(
            code: MeshFindingCode.sharedMesh, severity: .warning,
            message: "mesh \(node.mesh) is owned by \(owner)\(resource) and shared through RAM",
            fix: "Service Connect needs a Cloud Map namespace shared through RAM from the owner account, in the same Region; create and share it before the move")]
    }

    static func permissiveTLS(_ node: MeshNode) -> [MeshFinding] {
        node.listeners.filter { $0.tlsMode == "PERMISSIVE" }.map { listener in
            MeshFinding(code: MeshFindingCode.permissiveTLS, severity: .warning,
                        message: "listener \(listener.port) accepts plaintext as well as TLS (PERMISSIVE)",
                        fix: "find the plaintext callers first (Envoy listener ssl.* versus downstream_cx_total stats): with Service Connect TLS every caller must come through a Service Connect proxy")
        }
    }

    static func noTLS(_ node: MeshNode) -> [MeshFinding] {
        guard node.kind == .virtualNode, !node.listeners.isEmpty, !node.listeners.contains(where: \.offersTLS) else { return [] }
        let ports = node.listeners.map { "\($0.port)/\($0.protocolName)" }.joined(separator: ", ")
        return [MeshFinding(code: MeshFindingCode.noTLS, severity: .info,
                            message: "listeners \(ports) accept plaintext only",
                            fix: "Service Connect can encrypt this traffic: give the service tls.issuerCertificateAuthority (see meshcert mesh plan)")]
    }

    static func fileOrSDSCertificate(_ node: MeshNode) -> [MeshFinding] {
        var uses: [String] = []
        for listener in node.listeners {
            if let c = listener.certificate, c.source != .acm { uses.append("\(describe(c)) (listener \(listener.port))") }
        }
        for policy in node.clientPolicies {
            if let c = policy.certificate, c.source != .acm {
                uses.append("\(describe(c)) (client certificate\(policy.backend.map { " for " + $0 } ?? ""))")
            }
        }
        guard !uses.isEmpty else { return [] }
        return [MeshFinding(code: MeshFindingCode.fileOrSDSCertificate, severity: .info,
                            message: "certificates delivered outside App Mesh: " + uses.joined(separator: "; "),
                            fix: "Service Connect issues and rotates certificates itself (7 days, renewed every 5): retire these files or SDS secrets, and whatever rotates them, after the move")]
    }

    static func generalPurposeCA(_ node: MeshNode, costNote: String) -> [MeshFinding] {
        var uses: [String] = []
        for arn in node.trustedCertificateAuthorityArns { uses.append("trusts Private CA \(arn)") }
        for listener in node.listeners {
            if let c = listener.certificate, c.source == .acm, let arn = c.certificateArn {
                uses.append("serves ACM certificate \(arn) on listener \(listener.port)")
            }
        }
        guard !uses.isEmpty else { return [] }
        return [MeshFinding(code: MeshFindingCode.generalPurposeCA, severity: .warning,
                            message: uses.joined(separator: "; ") + ": App Mesh certificates come from GENERAL_PURPOSE Private CAs (ACM issues only from those); Service Connect should use a SHORT_LIVED_CERTIFICATE CA",
                            fix: "create a SHORT_LIVED_CERTIFICATE Private CA for Service Connect (the usage mode is fixed at creation)" + costNote)]
    }

    static func dnsServiceDiscovery(_ node: MeshNode) -> [MeshFinding] {
        guard let sd = node.serviceDiscovery, sd.kind == .dns else { return [] }
        return [MeshFinding(code: MeshFindingCode.dnsServiceDiscovery, severity: .warning,
                            message: "found by DNS hostname \(sd.hostname ?? "?"), not Cloud Map",
                            fix: "Service Connect needs a Cloud Map namespace: create one (HTTP or private DNS) and name it in serviceConnectConfiguration.namespace")]
    }

    static func routeFindings(_ route: MeshRoute) -> [MeshFinding] {
        weightedRouting(route) + route.conflicts.map {
            MeshFinding(code: MeshFindingCode.conflictingDefinitions, severity: .warning, message: $0,
                        fix: "keep one definition of each resource in the inputs (the deployed one: export it with Scripts/export-appmesh.sh)")
        }
    }

    static func weightedRouting(_ route: MeshRoute) -> [MeshFinding] {
        guard route.weightedTargets.count > 1 else { return [] }
        let split = route.weightedTargets.map { "\($0.virtualNode) \($0.weight)" }.joined(separator: ", ")
        return [MeshFinding(
            code: MeshFindingCode.weightedRouting, severity: .blocker,
            message: "route \(route.name) on router \(route.router) splits traffic by weight: \(split)",
            fix: "Service Connect has no version-weighted routing: ship versions with ECS blue/green deployments, or one service per version behind ALB weighted target groups")]
    }

    /// Routes of one router that send different matches to different nodes: a blocker on each
    /// route that matches on something narrower than everything.
    static func matchRouting(_ routes: [MeshRoute]) -> [Int: MeshFinding] {
        let targetSets = Set(routes.map { $0.weightedTargets.map(\.virtualNode).sorted() })
        guard targetSets.count > 1 else { return [:] }
        var out: [Int: MeshFinding] = [:]
        let summary = routes.map { r in
            "\(r.name) (\(r.match.isEmpty ? "everything else" : r.match.joined(separator: ", "))) -> \(r.weightedTargets.map(\.virtualNode).joined(separator: ", "))"
        }.joined(separator: "; ")
        for (i, route) in routes.enumerated() where !route.match.isEmpty {
            out[i] = MeshFinding(
                code: MeshFindingCode.matchRouting, severity: .blocker,
                message: "route \(route.name) on router \(route.router) sends \(route.match.joined(separator: ", ")) to \(route.weightedTargets.map(\.virtualNode).joined(separator: ", ")), other routes elsewhere: \(summary)",
                fix: "Service Connect routes by service name only: give each target its own service and name (clients choose), or put an ALB with listener rules (path, header, method, query) in front")
        }
        return out
    }

    static func describe(_ c: TLSCertificate) -> String {
        switch c.source {
        case .acm: return "acm \(c.certificateArn ?? "?")"
        case .file: return "file \(c.certificateChain ?? "?")"
        case .sds: return "sds secret \(c.secretName ?? "?")"
        }
    }

    static func describe(_ v: TLSValidation) -> String {
        switch v.trustSource {
        case .acm: return "acm " + v.certificateAuthorityArns.joined(separator: ", ")
        case .file: return "file \(v.certificateChain ?? "?")"
        case .sds: return "sds secret \(v.secretName ?? "?")"
        }
    }
}
