import MeshcertSupport

/// `--format table` (default): certificates grouped by role, then keys, other objects, errors
/// and a summary. Colour only when writing to a terminal.
public enum InventoryTable {
    public static func render(_ inv: Inventory, colour: Bool) -> String {
        var out = OutputBuffer()
        write(inv, colour: colour, into: &out)
        return out.string
    }

    /// Appends the table text to `out`.
    public static func write(_ inv: Inventory, colour: Bool, into out: inout OutputBuffer) {
        func line(_ s: String) { out.text(s); out.byte(10) }
        func table(_ t: TextTable) { t.write(into: &out, indent: "  "); out.byte(10); out.byte(10) }
        out.literal("meshcert scan at "); out.timestamp(inv.evaluatedAt); out.byte(10); out.byte(10)
        let groups: [(String, (CertificateEntry) -> Bool)] = [
            ("Certificate authorities", { $0.details.isCA }),
            ("GENERAL_PURPOSE leaf certificates (App Mesh style)", { $0.usageMode == .generalPurpose }),
            ("SHORT_LIVED leaf certificates (Service Connect style, <= 7 days)", { $0.usageMode == .shortLived }),
        ]
        for (title, belongs) in groups {
            let entries = inv.certificates.filter(belongs)
            guard !entries.isEmpty else { continue }
            line("\(title): \(entries.count)")
            var t = TextTable(header: ["STATUS", "NOT AFTER", "LEFT", "SUBJECT CN", "KEY", "CHAIN", "FILES", "FINDINGS"])
            t.rows.reserveCapacity(entries.count)
            for e in entries {
                let d = e.details
                let left = d.notAfter - inv.evaluatedAt
                t.add([
                    paint(e.status, colour), Timestamp.format(d.notAfter), left < 0 ? "-" : DurationText.format(left - left % 3600),
                    d.subjectCommonName ?? "(no CN)", d.keyType + " " + (d.curve ?? String(d.keyBits)),
                    e.chain.trusted == true ? "trusted" : e.chain.trusted == false ? "UNTRUSTED" : e.chain.complete ? "complete" : "incomplete",
                    String(e.locations.count), e.findings.count == 1 ? e.findings[0].code : e.findings.map(\.code).joined(separator: ","),
                ])
            }
            table(t)
        }
        if !inv.keys.isEmpty {
            line("Private keys: \(inv.keys.count)")
            var t = TextTable(header: ["PATH", "FORMAT", "KEY", "MATCHES", "FINDINGS"])
            for k in inv.keys {
                let type = k.info.encrypted ? "encrypted" : (k.info.keyType ?? "?") + " " + (k.info.curve ?? k.info.keyBits.map(String.init) ?? "")
                t.add([k.path, k.format, type, String(k.matches.count), k.findings.map(\.code).joined(separator: ",")])
            }
            table(t)
        }
        if !inv.notCertificates.isEmpty {
            line("Other objects: \(inv.notCertificates.count)")
            var t = TextTable(header: ["PATH", "KIND"])
            for o in inv.notCertificates { t.add([o.path, o.kind]) }
            table(t)
        }
        if !inv.errors.isEmpty {
            line(Terminal.paint("Unreadable: \(inv.errors.count)", .red, enabled: colour))
            var t = TextTable(header: ["PATH", "CODE", "REASON"])
            for e in inv.errors { t.add([e.file, e.code, e.message]) }
            table(t)
        }
        var byCode: [String: Int] = [:]
        for c in inv.certificates { for f in c.findings { byCode[f.code, default: 0] += 1 } }
        for k in inv.keys { for f in k.findings { byCode[f.code, default: 0] += 1 } }
        let s = inv.summary
        line("Summary: \(s.files) files read, \(s.skipped) skipped, \(s.certificates) distinct certificates in \(s.locations) locations, \(s.keys) keys, \(s.errors) unreadable")
        if !byCode.isEmpty {
            line("Findings: " + byCode.keys.sorted().map { "\($0)=\(byCode[$0]!)" }.joined(separator: " "))
        }
    }

    private static func paint(_ status: ValidityStatus, _ colour: Bool) -> String {
        switch status {
        case .valid: return Terminal.paint(status.rawValue, .green, enabled: colour)
        case .expiringSoon: return Terminal.paint(status.rawValue, .yellow, enabled: colour)
        case .expired, .notYetValid: return Terminal.paint(status.rawValue, .red, enabled: colour)
        }
    }
}
