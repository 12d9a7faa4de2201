import MeshcertSupport

/// `--format table` (default): certificates grouped by role, then keys, other objects, errors
/// and a summary. Colour only when writing to a terminal.
public enum InventoryTable {
    public static func render(_ inv: Inventory, colour: Bool) -> String {
        var out: [String] = ["meshcert scan at \(Timestamp.format(inv.evaluatedAt))", ""]
        let groups: [(String, (CertificateEntry) -> Bool)] = [
            ("Certificate authorities", { $0.details.isCA }),
            ("GENERAL_PURPOSE leaf certificates (App Mesh style)", { $0.usageMode == .generalPurpose }),
            ("SHORT_LIVED leaf certificates (Service Connect style, <= 7 days)", { $0.usageMode == .shortLived }),
        ]
        for (title, belongs) in groups {
            let entries = inv.certificates.filter(belongs)
            guard !entries.isEmpty else { continue }
            out.append("\(title): \(entries.count)")
            var table = TextTable(header: ["STATUS", "NOT AFTER", "LEFT", "SUBJECT CN", "KEY", "CHAIN", "FILES", "FINDINGS"])
            for e in entries {
                let d = e.details
                let left = d.notAfter - inv.evaluatedAt
                table.add([
                    paint(e.status, colour), Timestamp.format(d.notAfter), left < 0 ? "-" : DurationText.format(left - left % 3600),
                    d.subjectCommonName ?? "(no CN)", d.keyType + " " + (d.curve ?? String(d.keyBits)),
                    e.chain.trusted == true ? "trusted" : e.chain.trusted == false ? "UNTRUSTED" : e.chain.complete ? "complete" : "incomplete",
                    String(e.locations.count), e.findings.map(\.code).joined(separator: ","),
                ])
            }
            out.append(table.render(indent: "  "))
            out.append("")
        }
        if !inv.keys.isEmpty {
            out.append("Private keys: \(inv.keys.count)")
            var table = TextTable(header: ["PATH", "FORMAT", "KEY", "MATCHES", "FINDINGS"])
            for k in inv.keys {
                let type = k.info.encrypted ? "encrypted" : (k.info.keyType ?? "?") + " " + (k.info.curve ?? k.info.keyBits.map(String.init) ?? "")
                table.add([k.path, k.format, type, String(k.matches.count), k.findings.map(\.code).joined(separator: ",")])
            }
            out.append(table.render(indent: "  "))
            out.append("")
        }
        if !inv.notCertificates.isEmpty {
            out.append("Other objects: \(inv.notCertificates.count)")
            var table = TextTable(header: ["PATH", "KIND"])
            for o in inv.notCertificates { table.add([o.path, o.kind]) }
            out.append(table.render(indent: "  "))
            out.append("")
        }
        if !inv.errors.isEmpty {
            out.append(Terminal.paint("Unreadable: \(inv.errors.count)", .red, enabled: colour))
            var table = TextTable(header: ["PATH", "CODE", "REASON"])
            for e in inv.errors { table.add([e.file, e.code, e.message]) }
            out.append(table.render(indent: "  "))
            out.append("")
        }
        var byCode: [String: Int] = [:]
        for c in inv.certificates { for f in c.findings { byCode[f.code, default: 0] += 1 } }
        for k in inv.keys { for f in k.findings { byCode[f.code, default: 0] += 1 } }
        let s = inv.summary
        out.append("Summary: \(s.files) files read, \(s.skipped) skipped, \(s.certificates) distinct certificates in \(s.locations) locations, \(s.keys) keys, \(s.errors) unreadable")
        if !byCode.isEmpty {
            out.append("Findings: " + byCode.keys.sorted().map { "\($0)=\(byCode[$0]!)" }.joined(separator: " "))
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func paint(_ status: ValidityStatus, _ colour: Bool) -> String {
        switch status {
        case .valid: return Terminal.paint(status.rawValue, .green, enabled: colour)
        case .expiringSoon: return Terminal.paint(status.rawValue, .yellow, enabled: colour)
        case .expired, .notYetValid: return Terminal.paint(status.rawValue, .red, enabled: colour)
        }
    }
}
