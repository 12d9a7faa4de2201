import MeshcertAppMesh
import MeshcertInventory
import MeshcertRotation
import MeshcertSupport

/// Builds one `ServiceRow` per service from the components.
enum ServiceJoin {
    static func services(_ c: ReportComponents, handshakes: [HandshakeRow]) -> [ServiceRow] {
        let nodes = c.mesh?.nodes ?? []
        let plans = c.plan?.plans ?? []
        let rotation = c.rotation?.services ?? []
        let index = CertificateIndex(c.scan?.certificates ?? [])

        // Rows: every App Mesh node (named mesh/node when two meshes share a node name), then
        // the services only the rotation or the handshakes name.
        var nameCount: [String: Int] = [:]
        for n in nodes { nameCount[n.name, default: 0] += 1 }
        var rows: [(name: String, plain: String, node: MeshDocument.Node?)] = nodes.map { n in
            let plain = n.name
            return ((nameCount[plain] ?? 0) > 1 ? n.mesh + "/" + plain : plain, plain, n)
        }
        var known = Set(rows.map(\.plain))
        func add(_ name: String?) { if let name, !name.isEmpty, known.insert(name).inserted { rows.append((name, name, nil)) } }
        for r in rotation { add(r.name) }
        for h in handshakes { add(h.server); add(h.client) }

        // Indexes built once, so that joining stays linear in the number of services.
        var planByNode: [String: MeshPlanDocument.Plan] = [:]
        for p in plans { let k = p.mesh + "\u{0}" + p.node; if planByNode[k] == nil { planByNode[k] = p } }
        var rotationByName: [String: RotationDocument.ServiceSection] = [:]
        for r in rotation { let k = r.name; if rotationByName[k] == nil { rotationByName[k] = r } }
        var serverRows: [String: [HandshakeRow]] = [:], clientRows: [String: [HandshakeRow]] = [:]
        for h in handshakes {
            serverRows[h.server ?? "", default: []].append(h)
            clientRows[h.client ?? "", default: []].append(h)
        }
        return rows.map { row in
            let (name, plain, node) = row
            let plan = node.flatMap { planByNode[$0.mesh + "\u{0}" + plain] }
            let kind = node?.kind.rawValue
            let blockers = plan?.blockers ?? node?.findings.filter { $0.severity == .blocker } ?? []
            let status: ServiceRow.Status
            if node == nil { status = .notInMesh }
            else if kind == "virtualGateway" { status = .gateway }
            else { status = node!.ready ? .ready : .blocked }
            var reasons = blockers.map(\.code)
            if node?.weightedRouteTarget == true && !reasons.contains("weighted_routing") { reasons.append("weighted_routing") }
            if node?.matchRouteTarget == true && !reasons.contains("match_routing") { reasons.append("match_routing") }
            var uniqueReasons: [String] = []
            for r in reasons where !uniqueReasons.contains(r) { uniqueReasons.append(r) }
            return ServiceRow(
                name: name, mesh: node?.mesh, kind: kind ?? "service", status: status, blockedBy: uniqueReasons,
                appMesh: node.map(appMesh),
                blockers: blockers.map { ServiceRow.Blocker(code: $0.code, message: $0.message, fix: $0.fix) },
                certificates: serviceCertificates(plain, node: node, index: index),
                serviceConnect: plan.map(serviceConnect),
                rotation: rotationByName[plain].map(rotationRow),
                handshakes: ServiceRow.Handshakes(asServer: handshakeCounts(serverRows[plain] ?? []), asClient: handshakeCounts(clientRows[plain] ?? [])))
        }
    }

    /// The App Mesh TLS setup in a few words: listeners, mutual TLS, discovery.
    static func appMesh(_ node: MeshDocument.Node) -> ServiceRow.AppMeshSetup {
        let listeners = node.listeners.map { l -> String in
            var s = "\(l.port) \(l.protocol)"
            let mode = l.tlsMode ?? "no TLS"
            s += " " + (mode.isEmpty ? "no TLS" : mode)
            if let source = l.certificateSource?.rawValue { s += " (\(source))" }
            if l.validation != nil { s += ", client certificates required" }
            return s
        }
        var mtls: [String] = []
        if node.mtlsServer { mtls.append("server") }
        if node.mtlsClient { mtls.append("client") }
        let findings = node.findings
        return ServiceRow.AppMeshSetup(listeners: listeners, mutualTLS: mtls, serviceDiscovery: node.serviceDiscoveryText, backends: node.backends,
                                       shared: node.shared, weightedRouteTarget: node.weightedRouteTarget,
                                       warnings: codes(findings, .warning), infos: codes(findings, .info))
    }

    /// Distinct finding codes of one severity, in order.
    static func codes(_ findings: [MeshDocument.Finding], _ severity: MeshSeverity) -> [String] {
        var out: [String] = []
        for f in findings where f.severity == severity && !out.contains(f.code) { out.append(f.code) }
        return out
    }

    /// Certificates linked to the node's configured files (`role` from the configuration), then
    /// end-entity certificates that name the service (a SAN, the CN's first label, or the CN
    /// `NAME-client`), in the inventory's notAfter order. `matchedBy` says which link it was, so a
    /// reader can tell a configured certificate from one attributed by its name.
    static func serviceCertificates(_ name: String, node: MeshDocument.Node?, index: CertificateIndex) -> [ServiceRow.ServiceCertificate] {
        var out: [ServiceRow.ServiceCertificate] = []
        var seen = Set<String>()
        func entry(_ c: ScanDocument.Certificate, role: String, configured: String?, matchedBy: String) -> ServiceRow.ServiceCertificate {
            ServiceRow.ServiceCertificate(sha256: c.sha256, subjectCommonName: c.subjectCommonName, role: role, configuredPath: configured,
                                          matchedBy: matchedBy, usageMode: c.usageMode?.rawValue, notAfter: c.notAfter.description,
                                          status: c.status.rawValue, findings: c.findings.map(\.code))
        }
        for linked in node?.certificates ?? [] {
            // The certificate that comes first in the file is the one the proxy presents.
            guard let file = linked.file, let first = index.firstInFile[file] else { continue }
            let c = index.certificates[first]
            guard seen.insert(c.sha256 + "\u{0}" + linked.role).inserted else { continue }
            out.append(entry(c, role: linked.role, configured: linked.configuredPath, matchedBy: "configured_file"))
        }
        let linkedHashes = Set(out.map(\.sha256))
        for i in index.byName[name] ?? [] {
            let c = index.certificates[i]
            guard !linkedHashes.contains(c.sha256) else { continue }
            let cn = c.subjectCommonName ?? ""
            let matchedBy = c.dnsNames.contains(name) ? "dns_name" : (cn == name + "-client" ? "client_common_name" : "common_name")
            out.append(entry(c, role: cn == name + "-client" ? "client" : "server", configured: nil, matchedBy: matchedBy))
        }
        return out
    }

    static func serviceConnect(_ plan: MeshPlanDocument.Plan) -> ServiceRow.ServiceConnectPlanRow {
        ServiceRow.ServiceConnectPlanRow(ready: plan.ready, namespace: plan.namespace, discoveryNames: plan.discoveryNames,
                                         clientAliases: plan.clientAliases, warnings: plan.warnings.map(\.code), notes: plan.notes,
                                         serviceConnectConfiguration: plan.configuration)
    }

    static func rotationRow(_ r: RotationDocument.ServiceSection) -> ServiceRow.RotationRow {
        ServiceRow.RotationRow(tasks: r.tasks, issuances: r.issuances, exposedSeconds: r.exposedSeconds, expiredSeconds: r.expiredSeconds,
                               notYetValidSeconds: r.notYetValidSeconds, untrustedSeconds: r.untrustedSeconds,
                               minMarginSeconds: r.minMarginSeconds, exposureWindows: r.exposureWindows.count)
    }

    static func handshakeCounts(_ rs: [HandshakeRow]) -> ServiceRow.HandshakeCounts {
        ServiceRow.HandshakeCounts(checks: rs.count, ok: rs.filter { $0.reason == "ok" }.count,
                                   missedExpectation: rs.filter { !$0.matchedExpectation }.count,
                                   serviceConnectCompatible: rs.filter(\.serviceConnectCompatible).count,
                                   reasons: OrderedCounts(counting: rs.map(\.reason)))
    }
}

/// The inventory's certificates by file and by the service names they carry, built once:
/// joining hundreds of services to tens of thousands of certificates stays linear.
struct CertificateIndex {
    let certificates: [ScanDocument.Certificate]
    /// File path -> the certificate at the smallest index in that file.
    var firstInFile: [String: Int] = [:]
    /// Service name -> end-entity certificates naming it, in inventory order.
    var byName: [String: [Int]] = [:]

    init(_ certificates: [ScanDocument.Certificate]) {
        self.certificates = certificates
        var firstIndex: [String: Int] = [:]
        for (i, c) in certificates.enumerated() {
            for loc in c.locations {
                if let known = firstIndex[loc.path], known <= loc.index { continue }
                firstIndex[loc.path] = loc.index
                firstInFile[loc.path] = i
            }
            guard !c.isCA else { continue }
            let cn = c.subjectCommonName ?? ""
            var names = Set(c.dnsNames)
            if let label = cn.split(separator: ".").first { names.insert(String(label)) }
            if cn.hasSuffix("-client") { names.insert(String(cn.dropLast(7))) }
            for n in names where !n.isEmpty { byName[n, default: []].append(i) }
        }
    }
}
