import MeshcertOpenSSL
import MeshcertSupport

/// `--format json`: schema `meshcert.scan.v1`. Field names are a public contract.
public enum InventoryJSON {
    public static let schema = "meshcert.scan.v1"

    public static func document(_ inv: Inventory) -> JSON {
        .object([
            ("schema", .string(schema)),
            ("evaluatedAt", .string(Timestamp.format(inv.evaluatedAt))),
            ("certificates", .array(inv.certificates.map(certificate))),
            ("keys", .array(inv.keys.map(key))),
            ("notCertificates", .array(inv.notCertificates.map { .object([("path", .string($0.path)), ("kind", .string($0.kind))]) })),
            ("errors", .array(inv.errors.map { .object([("path", .string($0.path)), ("code", .string($0.code)), ("message", .string($0.message))]) })),
            ("summary", summary(inv)),
        ])
    }

    public static func render(_ inv: Inventory) -> String { document(inv).render() + "\n" }

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
