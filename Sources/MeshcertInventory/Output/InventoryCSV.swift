import MeshcertSupport

/// `--format csv`: one row per distinct certificate, list fields joined with `;`.
public enum InventoryCSV {
    public static let header = ["sha256", "subjectCommonName", "subject", "issuerCommonName", "serial", "notBefore",
                                "notAfter", "validityDays", "keyType", "keyBits", "curve", "signatureAlgorithm", "isCA",
                                "selfSigned", "dnsNames", "ipAddresses", "extendedKeyUsage", "usageMode", "status",
                                "chainComplete", "chainTrusted", "locations", "paths", "findings"]

    public static func render(_ inv: Inventory) -> String {
        var lines = [CSV.line(header)]
        for e in inv.certificates {
            let d = e.details
            lines.append(CSV.line([
                e.sha256, d.subjectCommonName ?? "", d.subject, d.issuerCommonName ?? "", d.serial,
                Timestamp.format(d.notBefore), Timestamp.format(d.notAfter), JSON.double(d.validityDays).render(),
                d.keyType, String(d.keyBits), d.curve ?? "", d.signatureAlgorithm, String(d.isCA), String(d.selfSigned),
                d.dnsNames.joined(separator: ";"), d.ipAddresses.joined(separator: ";"),
                d.extendedKeyUsage.joined(separator: ";"), e.usageMode?.rawValue ?? "", e.status.rawValue,
                String(e.chain.complete), e.chain.trusted.map { String($0) } ?? "",
                String(e.locations.count), e.locations.map(\.path).joined(separator: ";"),
                e.findings.map(\.code).joined(separator: ";"),
            ]))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
