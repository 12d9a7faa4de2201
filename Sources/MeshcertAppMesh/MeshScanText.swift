import MeshcertSupport

/// `meshcert mesh scan --format table|csv`.
public enum MeshScanText {
    public static func table(_ r: MeshScanResult, colour: Bool = false) -> String {
        var out: [String] = []
        var nodes = TextTable(header: ["MESH", "KIND", "NAME", "DISCOVERY", "LISTENERS (TLS)", "MTLS", "BLOCKERS", "READY"])
        for report in r.nodes {
            let n = report.node
            let discovery: String
            switch n.serviceDiscovery?.kind {
            case .cloudMap?: discovery = "cloudmap \(n.serviceDiscovery!.namespace ?? "")/\(n.serviceDiscovery!.service ?? "")"
            case .dns?: discovery = "dns \(n.serviceDiscovery!.hostname ?? "")"
            case nil: discovery = "-"
            }
            let listeners = n.listeners.map { l in
                "\(l.port) \(l.tlsMode ?? "no-tls")" + (l.certificate.map { " " + $0.source.rawValue } ?? "")
            }.joined(separator: ", ")
            let mtls = [n.mtlsServer ? "server" : nil, n.mtlsClient ? "client" : nil].compactMap { $0 }.joined(separator: "+")
            let ready = n.kind == .virtualGateway ? "-" : (report.ready ? "yes" : "no")
            nodes.add([n.mesh, n.kind == .virtualNode ? "node" : "gateway", n.name, discovery,
                       listeners.isEmpty ? "-" : listeners, mtls.isEmpty ? "-" : mtls, String(report.blockers), ready])
        }
        out.append(nodes.render())

        if !r.routes.isEmpty {
            var routes = TextTable(header: ["MESH", "ROUTER", "ROUTE", "WEIGHTED TARGETS", "BLOCKERS"])
            for report in r.routes {
                routes.add([report.route.mesh, report.route.router, report.route.name,
                            report.route.weightedTargets.map { "\($0.virtualNode) \($0.weight)" }.joined(separator: ", "),
                            String(report.findings.filter { $0.severity == .blocker }.count)])
            }
            out.append("\n" + routes.render())
        }

        let linked = r.nodes.flatMap { report in report.certificates.map { (report.node, $0) } }
        if !linked.isEmpty {
            var certs = TextTable(header: ["NODE", "ROLE", "WHERE", "CONFIGURED PATH", "SCANNED FILE", "NOT AFTER", "USAGE MODE"])
            for (node, c) in linked {
                certs.add(["\(node.mesh)/\(node.name)", c.role, c.context, c.configuredPath, c.file?.path ?? "NOT FOUND",
                           c.file?.notAfter.map(Timestamp.format) ?? "-", c.file?.usageMode ?? "-"])
            }
            out.append("\nCertificates" + (r.evaluatedAt.map { " (at \(Timestamp.format($0)))" } ?? "") + ":\n" + certs.render(indent: "  "))
        }

        var findings: [String] = []
        for report in r.nodes {
            for f in report.findings { findings.append(line(f, "\(report.node.mesh)/\(report.node.name)", colour)) }
        }
        for report in r.routes {
            for f in report.findings { findings.append(line(f, "\(report.route.mesh)/\(report.route.router)/\(report.route.name)", colour)) }
        }
        if !findings.isEmpty { out.append("\nFindings:\n" + findings.joined(separator: "\n")) }

        let notes = r.nodes.flatMap { n in n.node.notes.map { "  \(n.node.mesh)/\(n.node.name): \($0)" } }
            + r.routes.flatMap { rt in rt.route.notes.map { "  \(rt.route.mesh)/\(rt.route.router)/\(rt.route.name): \($0)" } }
        if !notes.isEmpty { out.append("\nNotes:\n" + notes.joined(separator: "\n")) }

        if !r.errors.isEmpty {
            out.append("\nErrors (\(r.errors.count) App Mesh file(s) could not be read in full):\n"
                       + r.errors.map { "  \($0.file): \($0.field): \($0.message)" }.joined(separator: "\n"))
        }

        var summary = TextTable(header: ["MESH", "NODES", "GATEWAYS", "ROUTES", "BLOCKERS", "WARNINGS", "INFO", "READY SERVICES"])
        for s in r.meshes + [r.overall] {
            summary.add([s.mesh ?? "(all)", String(s.nodes), String(s.virtualGateways), String(s.routes), String(s.blockers),
                         String(s.warnings), String(s.infos), "\(s.readyServices)/\(s.nodes)"])
        }
        out.append("\nSummary:\n" + summary.render(indent: "  "))
        let c = r.cost
        out.append("  Private CA a month (\(c.generalPurpose.certificateAuthorities) CA, \(c.services) services x \(c.tasksPerService) task): "
                   + "GENERAL_PURPOSE \(MeshAnalyzer.money(c.generalPurpose.totalMonthly)), "
                   + "SHORT_LIVED_CERTIFICATE \(MeshAnalyzer.money(c.shortLived.totalMonthly)) (\(c.priceLabel))")
        let why = r.configuration.skippedBy.description
        let unread = r.errors.isEmpty ? "" : " (\(r.errors.count) error(s): not read in full)"
        out.append("  Files: \(r.configuration.filesRead) App Mesh\(unread), \(r.configuration.filesSkipped) skipped" + (why.isEmpty ? "" : " (\(why))"))
        return out.joined(separator: "\n") + "\n"
    }

    private static func line(_ f: MeshFinding, _ subject: String, _ colour: Bool) -> String {
        let sev: String
        switch f.severity {
        case .blocker: sev = Terminal.paint("blocker", .red, enabled: colour)
        case .warning: sev = Terminal.paint("warning", .yellow, enabled: colour)
        case .info: sev = Terminal.paint("info   ", .dim, enabled: colour)
        }
        return "  \(sev) \(subject) \(f.code): \(f.message)\n          fix: \(f.fix)"
    }

    /// One row per finding (a node or route without findings gets one row with empty code).
    public static func csv(_ r: MeshScanResult) -> String {
        var lines = [CSV.line(["mesh", "kind", "name", "mtlsServer", "mtlsClient", "ready", "code", "severity", "message", "fix"])]
        for report in r.nodes {
            let n = report.node
            let base = [n.mesh, n.kind.rawValue, n.name, String(n.mtlsServer), String(n.mtlsClient),
                        n.kind == .virtualNode ? String(report.ready) : ""]
            if report.findings.isEmpty { lines.append(CSV.line(base + ["", "", "", ""])) }
            for f in report.findings { lines.append(CSV.line(base + [f.code, f.severity.rawValue, f.message, f.fix])) }
        }
        for report in r.routes {
            let base = [report.route.mesh, "route", report.route.router + "/" + report.route.name, "", "", ""]
            if report.findings.isEmpty { lines.append(CSV.line(base + ["", "", "", ""])) }
            for f in report.findings { lines.append(CSV.line(base + [f.code, f.severity.rawValue, f.message, f.fix])) }
        }
        for e in r.errors {
            lines.append(CSV.line(["", "error", e.file, "", "", "", "read_error", "", "\(e.field): \(e.message)", ""]))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
