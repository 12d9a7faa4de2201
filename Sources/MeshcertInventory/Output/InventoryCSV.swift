import MeshcertSupport

/// `--format csv`: one row per distinct certificate, list fields joined with `;`.
public enum InventoryCSV {
    public static let header = ["sha256", "subjectCommonName", "subject", "issuerCommonName", "serial", "notBefore",
                                "notAfter", "validityDays", "keyType", "keyBits", "curve", "signatureAlgorithm", "isCA",
                                "selfSigned", "dnsNames", "ipAddresses", "extendedKeyUsage", "usageMode", "status",
                                "chainComplete", "chainTrusted", "locations", "paths", "findings"]

    public static func render(_ inv: Inventory) -> String {
        var out = OutputBuffer()
        write(inv, into: &out)
        return out.string
    }

    /// Appends the CSV to `out`, field by field (no per-row arrays of Strings); a streaming
    /// buffer spills after each row.
    public static func write(_ inv: Inventory, into out: inout OutputBuffer) {
        out.reserve(128 + inv.certificates.count * 400)
        for (i, h) in header.enumerated() {
            if i > 0 { out.byte(44) }
            out.csvField(h)
        }
        out.byte(10)
        var list = OutputBuffer(capacity: 256)
        /// A `;`-joined list as one field (quoted when an item needs it).
        func joined<S: Sequence>(_ items: S) where S.Element == String {
            list.bytes.removeAll(keepingCapacity: true)
            for (n, s) in items.enumerated() {
                if n > 0 { list.byte(59) }
                list.text(s)
            }
            out.csvField(bytes: list.bytes)
        }
        for e in inv.certificates {
            let d = e.details
            out.csvField(e.sha256); out.byte(44)
            out.csvField(d.subjectCommonName ?? ""); out.byte(44)
            out.csvField(d.subject); out.byte(44)
            out.csvField(d.issuerCommonName ?? ""); out.byte(44)
            out.csvField(d.serial); out.byte(44)
            out.timestamp(d.notBefore); out.byte(44)
            out.timestamp(d.notAfter); out.byte(44)
            out.jsonDouble(d.validityDays); out.byte(44)
            out.csvField(d.keyType); out.byte(44)
            out.int(d.keyBits); out.byte(44)
            out.csvField(d.curve ?? ""); out.byte(44)
            out.csvField(d.signatureAlgorithm); out.byte(44)
            out.jsonBool(d.isCA); out.byte(44)
            out.jsonBool(d.selfSigned); out.byte(44)
            joined(d.dnsNames); out.byte(44)
            joined(d.ipAddresses); out.byte(44)
            joined(d.extendedKeyUsage); out.byte(44)
            out.csvField(e.usageMode?.rawValue ?? ""); out.byte(44)
            out.csvField(e.status.rawValue); out.byte(44)
            out.jsonBool(e.chain.complete); out.byte(44)
            if let t = e.chain.trusted { out.jsonBool(t) }
            out.byte(44)
            out.int(e.locations.count); out.byte(44)
            joined(e.locations.lazy.map(\.path)); out.byte(44)
            joined(e.findings.lazy.map(\.code))
            out.byte(10)
            out.spill()
        }
    }
}
