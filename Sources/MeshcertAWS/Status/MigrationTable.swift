import MeshcertSupport

/// `meshcert aws status --format table`: one row per service, then the traffic split, the
/// Private CAs, every finding with its fix, and what the snapshot could not give.
public enum MigrationTable {
    public static func render(_ doc: MigrationDocument) -> String {
        var out: [String] = []
        let c = doc.counts
        out.append("Migration status at \(doc.evaluatedAt) (snapshot \(doc.snapshot.takenAt.map(\.description) ?? "?")): "
                   + "\(c.total) services: \(c.blocked) blocked, \(c.notStarted) not started, \(c.greenDeployed) green deployed, "
                   + "\(c.shifting) shifting, \(c.migrated) migrated")
        out.append("")
        var table = TextTable(header: ["SERVICE", "STATE", "TO GREEN", "BLUE (APP MESH)", "GREEN (SERVICE CONNECT)", "FINDINGS"])
        for s in doc.services {
            table.add([s.name, s.state.rawValue, s.greenShare.map(percent) ?? "-", blue(s.blue), green(s.green),
                       s.findings.isEmpty ? "-" : s.findings.map(\.code.rawValue).joined(separator: ", ")])
        }
        out.append(doc.services.isEmpty ? "No service: the snapshot holds no App Mesh virtual node and no Service Connect service." : table.render())

        if !doc.traffic.isEmpty {
            out.append("")
            out.append("Traffic (weighted entry points):")
            var t = TextTable(header: ["ENTRY POINT", "SOURCE", "GREEN", "SETS (id weight share)"])
            for e in doc.traffic {
                t.add([e.name, e.source, percent(e.greenShare),
                       e.sets.map { "\($0.id)\($0.green ? " [green]" : "") \($0.weight) \(percent($0.share))" }.joined(separator: ", ")])
            }
            out.append(t.render(indent: "  "))
        }
        if !doc.privateCAs.isEmpty {
            out.append("")
            out.append("Private CAs (list prices, \(MigrationRules.dollars(doc.privateCAMonthlyUSD)) a month in all):")
            var t = TextTable(header: ["CA", "STATUS", "MODE", "KEY", "NOT AFTER", "MONTHLY", "USED BY"])
            for ca in doc.privateCAs {
                let used = ca.usedByGreen.map { "\($0) (green)" } + ca.usedByBlue.map { "\($0) (blue)" }
                t.add([caID(ca.arn), ca.status ?? "-", ca.usageMode, ca.keyAlgorithm ?? "-", ca.notAfter.map { String($0.description.prefix(10)) } ?? "-",
                       MigrationRules.dollars(ca.monthlyListPriceUSD), used.isEmpty ? "-" : used.joined(separator: ", ")])
            }
            out.append(t.render(indent: "  "))
        }
        let findings = doc.services.flatMap { s in s.findings.map { (s.name, $0) } }
        if !findings.isEmpty {
            out.append("")
            out.append("Findings (blockers first):")
            for (name, f) in findings.sorted(by: { ($0.1.severity == .blocker ? 0 : 1) < ($1.1.severity == .blocker ? 0 : 1) }) {
                out.append("  \(name): \(f.severity.rawValue) \(f.code.rawValue): \(f.message)")
                out.append("    fix: \(f.fix)")
            }
        }
        if !doc.problems.isEmpty {
            out.append("")
            out.append("Not in the snapshot (\(doc.problems.count)):")
            for p in doc.problems { out.append("  \(p.code): \(p.message)") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A share as a percentage with at most one decimal: `25%`, `33.3%`.
    public static func percent(_ share: Double) -> String {
        let p = share * 100
        return p == p.rounded() ? "\(Int(p))%" : "\((p * 10).rounded() / 10)%"
    }

    static func blue(_ b: BlueSide?) -> String {
        guard let b else { return "-" }
        var parts = [b.virtualNodes.joined(separator: "+")]
        let modes = Set(b.listeners.compactMap { l in l.tlsMode.map { "\($0)" + (l.certificateSource.map { " \($0)" } ?? "") } })
        parts.append(modes.isEmpty ? "no TLS" : modes.sorted().joined(separator: "/"))
        if b.mtlsServer || b.mtlsClient { parts.append("mTLS " + [b.mtlsServer ? "server" : nil, b.mtlsClient ? "client" : nil].compactMap { $0 }.joined(separator: "+")) }
        if !b.ecsServices.isEmpty { parts.append("\(b.runningCount) running") }
        return parts.joined(separator: ", ")
    }

    /// A CA ARN's id (the part after `certificate-authority/`), short enough for a table.
    static func caID(_ arn: String) -> String { String(arn.split(separator: "/").last ?? Substring(arn)) }

    static func modeText(_ mode: String) -> String {
        mode == "SHORT_LIVED_CERTIFICATE" ? "short-lived CA" : (mode == "GENERAL_PURPOSE" ? "general-purpose CA" : mode)
    }

    static func green(_ g: GreenSide?) -> String {
        guard let g else { return "-" }
        var parts = ["\(g.cluster ?? "?")/\(g.service)", g.tls ? "TLS" : "no TLS"]
        if let ca = g.certificateAuthority { parts.append(ca.usageMode.map(modeText) ?? "CA not in snapshot") }
        parts.append("\(g.runningCount)/\(g.desiredCount) running")
        if let p = g.inProgress { parts.append("rolling out \(p.runningCount)/\(p.desiredCount)") }
        return parts.joined(separator: ", ")
    }
}
