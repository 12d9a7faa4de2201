import MeshcertSupport

/// One row per service, joining what each component knows about it: its App Mesh TLS setup,
/// its certificates, its Service Connect plan, its rotation exposure and its handshakes.
enum ServiceJoin {
    static func services(_ inputs: ReportInputs, handshakes: [JSON]) -> [JSON] {
        let nodes = inputs.mesh?[path: "nodes"].array ?? []
        let plans = inputs.plan?[path: "plans"].array ?? []
        let rotation = inputs.rotation?[path: "services"].array ?? []
        let index = CertificateIndex(inputs.scan?[path: "certificates"].array ?? [])

        // Rows: every App Mesh node (named mesh/node when two meshes share a node name), then
        // the services only the rotation or the handshakes name.
        var nameCount: [String: Int] = [:]
        for n in nodes { nameCount[n[path: "name"].string, default: 0] += 1 }
        var rows: [(name: String, plain: String, node: JSON?)] = nodes.map { n in
            let plain = n[path: "name"].string
            return ((nameCount[plain] ?? 0) > 1 ? n[path: "mesh"].string + "/" + plain : plain, plain, n)
        }
        var known = Set(rows.map(\.plain))
        func add(_ name: String?) { if let name, !name.isEmpty, known.insert(name).inserted { rows.append((name, name, nil)) } }
        for r in rotation { add(r[path: "name"].stringValue) }
        for h in handshakes { add(h[path: "server"].stringValue); add(h[path: "client"].stringValue) }

        // Indexes built once, so that joining stays linear in the number of services.
        func firstBy(_ list: [JSON], _ key: (JSON) -> String) -> [String: JSON] {
            var out: [String: JSON] = [:]
            for item in list { let k = key(item); if out[k] == nil { out[k] = item } }
            return out
        }
        let planByNode = firstBy(plans) { $0[path: "mesh"].string + "\u{0}" + $0[path: "node"].string }
        let rotationByName = firstBy(rotation) { $0[path: "name"].string }
        var serverRows: [String: [JSON]] = [:], clientRows: [String: [JSON]] = [:]
        for h in handshakes {
            serverRows[h[path: "server"].string, default: []].append(h)
            clientRows[h[path: "client"].string, default: []].append(h)
        }
        return rows.map { row in
            let (name, plain, node) = row
            let plan = node.flatMap { planByNode[$0[path: "mesh"].string + "\u{0}" + plain] }
            let rot = rotationByName[plain]
            let kind = node?[path: "kind"].stringValue
            let blockers = (plan?[path: "blockers"].array ?? node?[path: "findings"].array.filter { $0[path: "severity"].string == "blocker" } ?? [])
            let status: String
            if node == nil { status = "not_in_mesh" }
            else if kind == "virtualGateway" { status = "gateway" }
            else { status = node![path: "ready"].bool ? "ready" : "blocked" }
            var reasons = blockers.map { $0[path: "code"].string }
            if node?[path: "weightedRouteTarget"].bool == true && !reasons.contains("weighted_routing") { reasons.append("weighted_routing") }
            var uniqueReasons: [String] = []
            for r in reasons where !uniqueReasons.contains(r) { uniqueReasons.append(r) }
            return .object([
                ("name", .string(name)),
                ("mesh", node.map { $0[path: "mesh"] } ?? .null),
                ("kind", .string(kind ?? "service")),
                ("status", .string(status)),
                ("blockedBy", .strings(uniqueReasons)),
                ("appMesh", node.map(appMesh) ?? .null),
                ("blockers", .array(blockers.map { b in
                    .object([("code", b[path: "code"]), ("message", b[path: "message"]), ("fix", b[path: "fix"])])
                })),
                ("certificates", .array(serviceCertificates(plain, node: node, index: index))),
                ("serviceConnect", plan.map(serviceConnect) ?? .null),
                ("rotation", rot.map(rotationRow) ?? .null),
                ("handshakes", .object([("asServer", handshakeCounts(serverRows[plain] ?? [])), ("asClient", handshakeCounts(clientRows[plain] ?? []))])),
            ])
        }
    }

    /// The App Mesh TLS setup in a few words: listeners, mutual TLS, discovery.
    static func appMesh(_ node: JSON) -> JSON {
        let listeners = node[path: "listeners"].array.map { l -> String in
            var s = "\(l[path: "port"].int) \(l[path: "protocol"].string)"
            let mode = l[path: "tlsMode"].stringValue ?? "no TLS"
            s += " " + (mode.isEmpty ? "no TLS" : mode)
            if let source = l[path: "certificateSource"].stringValue { s += " (\(source))" }
            if !l[path: "validation"].isNull { s += ", client certificates required" }
            return s
        }
        var mtls: [String] = []
        if node[path: "mtlsServer"].bool { mtls.append("server") }
        if node[path: "mtlsClient"].bool { mtls.append("client") }
        let sd = node[path: "serviceDiscovery"]
        var discovery: String? = nil
        if !sd.isNull {
            if sd[path: "type"].string == "dns" { discovery = "DNS " + sd[path: "hostname"].string }
            else { discovery = "Cloud Map " + sd[path: "namespace"].string + "/" + sd[path: "service"].string }
        }
        let findings = node[path: "findings"].array
        return .object([
            ("listeners", .strings(listeners)),
            ("mutualTLS", .strings(mtls)),
            ("serviceDiscovery", .string(discovery)),
            ("backends", node[path: "backends"]),
            ("shared", .bool(node[path: "shared"].bool)),
            ("weightedRouteTarget", .bool(node[path: "weightedRouteTarget"].bool)),
            ("warnings", .strings(codes(findings, "warning"))),
            ("infos", .strings(codes(findings, "info"))),
        ])
    }

    /// Distinct finding codes of one severity, in order.
    static func codes(_ findings: [JSON], _ severity: String) -> [String] {
        var out: [String] = []
        for f in findings where f[path: "severity"].string == severity && !out.contains(f[path: "code"].string) { out.append(f[path: "code"].string) }
        return out
    }

    /// Certificates linked to the node's configured files (`role` from the configuration), then
    /// end-entity certificates that name the service (a SAN, the CN's first label, or the CN
    /// `NAME-client`), in the inventory's notAfter order. `matchedBy` says which link it was, so a
    /// reader can tell a configured certificate from one attributed by its name.
    static func serviceCertificates(_ name: String, node: JSON?, index: CertificateIndex) -> [JSON] {
        var out: [JSON] = []
        var seen = Set<String>()
        func entry(_ c: JSON, role: String, configured: String?, matchedBy: String) -> JSON {
            .object([
                ("sha256", c[path: "sha256"]),
                ("subjectCommonName", c[path: "subjectCommonName"]),
                ("role", .string(role)),
                ("configuredPath", .string(configured)),
                ("matchedBy", .string(matchedBy)),
                ("usageMode", c[path: "usageMode"]),
                ("notAfter", c[path: "notAfter"]),
                ("status", c[path: "status"]),
                ("findings", .strings(c[path: "findings"].array.map { $0[path: "code"].string })),
            ])
        }
        for linked in node?[path: "certificates"].array ?? [] {
            // The certificate that comes first in the file is the one the proxy presents.
            guard let file = linked[path: "file"].stringValue, let first = index.firstInFile[file] else { continue }
            let c = index.certificates[first]
            guard seen.insert(c[path: "sha256"].string + "\u{0}" + linked[path: "role"].string).inserted else { continue }
            out.append(entry(c, role: linked[path: "role"].string, configured: linked[path: "configuredPath"].stringValue,
                             matchedBy: "configured_file"))
        }
        let linkedHashes = Set(out.map { $0[path: "sha256"].string })
        for i in index.byName[name] ?? [] {
            let c = index.certificates[i]
            guard !linkedHashes.contains(c[path: "sha256"].string) else { continue }
            let cn = c[path: "subjectCommonName"].string
            let matchedBy = c[path: "dnsNames"].array.contains { $0.string == name } ? "dns_name"
                : (cn == name + "-client" ? "client_common_name" : "common_name")
            out.append(entry(c, role: cn == name + "-client" ? "client" : "server", configured: nil, matchedBy: matchedBy))
        }
        return out
    }

    static func serviceConnect(_ plan: JSON) -> JSON {
        let config = plan[path: "serviceConnectConfiguration"]
        let services = config[path: "services"].array
        return .object([
            ("ready", .bool(plan[path: "ready"].bool)),
            ("namespace", config[path: "namespace"]),
            ("discoveryNames", .strings(services.map { $0[path: "discoveryName"].string })),
            ("clientAliases", .strings(services.flatMap { s in
                s[path: "clientAliases"].array.map { "\($0[path: "dnsName"].string):\($0[path: "port"].int)" }
            })),
            ("warnings", .strings(plan[path: "warnings"].array.map { $0[path: "code"].string })),
            ("notes", plan[path: "notes"]),
            ("serviceConnectConfiguration", config),
        ])
    }

    static func rotationRow(_ r: JSON) -> JSON {
        let exposed = r[path: "expiredSeconds"].int + r[path: "notYetValidSeconds"].int + r[path: "untrustedSeconds"].int
        return .object([
            ("tasks", r[path: "tasks"]), ("issuances", r[path: "issuances"]),
            ("exposedSeconds", .int(exposed)),
            ("expiredSeconds", r[path: "expiredSeconds"]), ("notYetValidSeconds", r[path: "notYetValidSeconds"]),
            ("untrustedSeconds", r[path: "untrustedSeconds"]), ("minMarginSeconds", r[path: "minMarginSeconds"]),
            ("exposureWindows", .int(r[path: "exposureWindows"].array.count)),
        ])
    }

    static func handshakeCounts(_ rs: [JSON]) -> JSON {
        var reasons: [(String, JSON)] = []
        for r in rs {
            let reason = r[path: "reason"].string
            if let i = reasons.firstIndex(where: { $0.0 == reason }) { reasons[i].1 = .int(reasons[i].1.int + 1) }
            else { reasons.append((reason, .int(1))) }
        }
        return .object([
            ("checks", .int(rs.count)),
            ("ok", .int(rs.filter { $0[path: "reason"].string == "ok" }.count)),
            ("missedExpectation", .int(rs.filter { !$0[path: "matchedExpectation"].bool }.count)),
            ("serviceConnectCompatible", .int(rs.filter { $0[path: "serviceConnectCompatible"].bool }.count)),
            ("reasons", .object(reasons)),
        ])
    }
}

/// The inventory's certificates by file and by the service names they carry, built once:
/// joining hundreds of services to tens of thousands of certificates stays linear.
struct CertificateIndex {
    let certificates: [JSON]
    /// File path -> the certificate at the smallest index in that file.
    var firstInFile: [String: Int] = [:]
    /// Service name -> end-entity certificates naming it, in inventory order.
    var byName: [String: [Int]] = [:]

    init(_ certificates: [JSON]) {
        self.certificates = certificates
        var firstIndex: [String: Int64] = [:]
        for (i, c) in certificates.enumerated() {
            for loc in c[path: "locations"].array {
                let path = loc[path: "path"].string, at = loc[path: "index"].int
                if let known = firstIndex[path], known <= at { continue }
                firstIndex[path] = at
                firstInFile[path] = i
            }
            guard !c[path: "isCA"].bool else { continue }
            let cn = c[path: "subjectCommonName"].string
            var names = Set(c[path: "dnsNames"].array.map(\.string))
            if let label = cn.split(separator: ".").first { names.insert(String(label)) }
            if cn.hasSuffix("-client") { names.insert(String(cn.dropLast(7))) }
            for n in names where !n.isEmpty { byName[n, default: []].append(i) }
        }
    }
}
