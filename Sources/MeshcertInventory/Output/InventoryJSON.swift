import MeshcertOpenSSL
import MeshcertSupport

/// `--format json`: schema `meshcert.scan.v1`. Field names are a public contract.
public enum InventoryJSON {
    public static let schema = "meshcert.scan.v1"

    public static func document(_ inv: Inventory) -> JSON {
        document(inv, certificates: .array(inv.certificates.map(certificate)))
    }

    private static func document(_ inv: Inventory, certificates: JSON) -> JSON {
        .object([
            ("schema", .string(schema)),
            ("evaluatedAt", .string(Timestamp.format(inv.evaluatedAt))),
            ("certificates", certificates),
            ("keys", .array(inv.keys.map(key))),
            ("notCertificates", .array(inv.notCertificates.map { .object([("path", .string($0.path)), ("kind", .string($0.kind))]) })),
            ("errors", .array(inv.errors.map { .object([("path", .string($0.path)), ("code", .string($0.code)), ("message", .string($0.message))]) })),
            ("summary", summary(inv)),
        ])
    }

    public static func render(_ inv: Inventory) -> String { document(inv).render() + "\n" }

    /// The same bytes as `render`, streamed to `sink` in chunks: the certificate list of a large
    /// inventory is never held as one JSON tree or one string.
    public static func write(_ inv: Inventory, to sink: ([UInt8]) -> Void) {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        func put(_ s: String) { out.append(contentsOf: s.utf8) }
        func flushIfLarge() { if out.count >= 1 << 20 { sink(out); out.removeAll(keepingCapacity: true) } }
        guard case .object(let fields) = document(inv, certificates: .array([])) else { return }
        put("{")
        for (n, (key, value)) in fields.enumerated() {
            put(n == 0 ? "\n  " : ",\n  ")
            JSON.string(key).write(into: &out, pretty: true, indent: 2)
            put(": ")
            if key == "certificates" && !inv.certificates.isEmpty {
                put("[")
                for (i, e) in inv.certificates.enumerated() {
                    put(i == 0 ? "\n    " : ",\n    ")
                    certificate(e).write(into: &out, pretty: true, indent: 4)
                    flushIfLarge()
                }
                put("\n  ]")
            } else {
                value.write(into: &out, pretty: true, indent: 2)
            }
        }
        put(fields.isEmpty ? "}\n" : "\n}\n")
        sink(out)
    }

    static func certificate(_ e: CertificateEntry) -> JSON {
        let d = e.details
        return .object([
            ("sha256", .string(e.sha256)),
            ("subject", .string(d.subject)),
            ("subjectCommonName", .string(d.subjectCommonName)),
            ("issuer", .string(d.issuer)),
            ("issuerCommonName", .string(d.issuerCommonName)),
            ("serial", .string(d.serial)),
            ("notBefore", .string(Timestamp.format(d.notBefore))),
            ("notAfter", .string(Timestamp.format(d.notAfter))),
            ("validityDays", .double(d.validityDays)),
            ("keyType", .string(d.keyType)),
            ("keyBits", .int(d.keyBits)),
            ("curve", .string(d.curve)),
            ("signatureAlgorithm", .string(d.signatureAlgorithm)),
            ("isCA", .bool(d.isCA)),
            ("pathLength", d.pathLength.map { .int($0) } ?? .null),
            ("selfSigned", .bool(d.selfSigned)),
            ("dnsNames", .strings(d.dnsNames)),
            ("ipAddresses", .strings(d.ipAddresses)),
            ("uris", .strings(d.uris)),
            ("emails", .strings(d.emails)),
            ("keyUsage", .strings(d.keyUsage)),
            ("extendedKeyUsage", .strings(d.extendedKeyUsage)),
            ("subjectKeyIdentifier", .string(d.subjectKeyIdentifier)),
            ("authorityKeyIdentifier", .string(d.authorityKeyIdentifier)),
            ("publicKeySha256", .string(d.publicKeySHA256)),
            ("usageMode", .string(e.usageMode?.rawValue)),
            ("status", .string(e.status.rawValue)),
            ("locations", .array(e.locations.map {
                .object([("path", .string($0.path)), ("format", .string($0.format.rawValue)), ("index", .int($0.index))])
            })),
            ("chain", .object([
                ("issuerSha256", .string(e.chain.issuerSHA256)),
                ("complete", .bool(e.chain.complete)),
                ("trusted", e.chain.trusted.map(JSON.bool) ?? .null),
                ("trustError", .string(e.chain.trustError)),
            ])),
            ("keyPaths", .strings(e.keyPaths)),
            ("findings", findings(e.findings)),
        ])
    }

    static func key(_ k: KeyEntry) -> JSON {
        .object([
            ("path", .string(k.path)),
            ("format", .string(k.format)),
            ("keyType", .string(k.info.keyType)),
            ("keyBits", k.info.keyBits.map { .int($0) } ?? .null),
            ("curve", .string(k.info.curve)),
            ("encrypted", .bool(k.info.encrypted)),
            ("publicKeySha256", .string(k.info.publicKeySHA256)),
            ("matches", .strings(k.matches)),
            ("findings", findings(k.findings)),
        ])
    }

    static func findings(_ f: [Finding]) -> JSON {
        .array(f.map { .object([("code", .string($0.code)), ("severity", .string($0.severity.rawValue)), ("message", .string($0.message))]) })
    }

    static func summary(_ inv: Inventory) -> JSON {
        var byCode: [String: Int] = [:]
        for c in inv.certificates { for f in c.findings { byCode[f.code, default: 0] += 1 } }
        for k in inv.keys { for f in k.findings { byCode[f.code, default: 0] += 1 } }
        let count = { (mode: UsageMode) in inv.certificates.filter { $0.usageMode == mode }.count }
        return .object([
            ("files", .int(inv.summary.files)),
            ("skipped", .int(inv.summary.skipped)),
            ("certificates", .int(inv.summary.certificates)),
            ("errors", .int(inv.summary.errors)),
            ("locations", .int(inv.summary.locations)),
            ("keys", .int(inv.summary.keys)),
            ("generalPurpose", .int(count(.generalPurpose))),
            ("shortLived", .int(count(.shortLived))),
            ("certificateAuthorities", .int(inv.certificates.filter { $0.details.isCA }.count)),
            ("findings", .object(byCode.keys.sorted().map { ($0, .int(byCode[$0]!)) })),
        ])
    }
}
