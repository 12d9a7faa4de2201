@testable import MeshcertReport
import MeshcertSupport

/// Small component documents in the shapes the subcommands print, for building reports by hand.
enum Fixtures {
    static let at = Timestamp.parse("2026-12-02T00:00:00Z")!

    /// The document as report.json holds it, for looking fields up by name.
    static func json(_ report: ReportDocument) -> JSON { try! JSONValueEncoder().encode(report) }

    static func certificate(_ cn: String, sha: String, notBefore: String = "2026-01-01T00:00:00Z", notAfter: String,
                            status: String = "valid", dns: [String] = [], path: String, isCA: Bool = false,
                            mode: String? = "GENERAL_PURPOSE", findings: [String] = []) -> JSON {
        .object([
            ("sha256", .string(sha)), ("subject", .string("CN=\(cn),O=Example")), ("subjectCommonName", .string(cn)),
            ("notBefore", .string(notBefore)), ("notAfter", .string(notAfter)),
            ("keyType", .string("EC")), ("keyBits", .int(256)), ("curve", .string("P-256")),
            ("isCA", .bool(isCA)), ("dnsNames", .strings(dns)), ("usageMode", .string(mode)), ("status", .string(status)),
            ("locations", .array([.object([("path", .string(path)), ("format", .string("PEM")), ("index", .int(0))])])),
            ("chain", .object([("issuerSha256", .null), ("complete", .bool(true)), ("trusted", .null), ("trustError", .null)])),
            ("findings", .array(findings.map { .object([("code", .string($0)), ("severity", .string("warning")), ("message", .string($0))]) })),
        ])
    }

    static func scan(_ certificates: [JSON]) -> JSON {
        .object([
            ("schema", .string("meshcert.scan.v1")), ("evaluatedAt", .string("2026-12-02T00:00:00Z")),
            ("certificates", .array(certificates)), ("keys", .array([])), ("notCertificates", .array([])), ("errors", .array([])),
            ("summary", .object([("findings", .object([]))])),
        ])
    }

    static func node(_ name: String, ready: Bool, blockers: [String] = [], certificates: [JSON] = [], weighted: Bool = false) -> JSON {
        .object([
            ("mesh", .string("shop")), ("name", .string(name)), ("kind", .string("virtualNode")),
            ("serviceDiscovery", .object([("type", .string("cloudMap")), ("namespace", .string("shop.local")), ("service", .string(name)), ("hostname", .null)])),
            ("listeners", .array([.object([("port", .int(8080)), ("protocol", .string("http")), ("tlsMode", .string("STRICT")),
                                           ("certificateSource", .string("file")), ("validation", blockers.contains("mtls_server") ? .object([]) : .null)])])),
            ("backends", .strings([])),
            ("mtlsServer", .bool(blockers.contains("mtls_server"))), ("mtlsClient", .bool(blockers.contains("mtls_client"))),
            ("weightedRouteTarget", .bool(weighted)), ("ready", .bool(ready)),
            ("certificates", .array(certificates)),
            ("findings", .array(blockers.map { .object([("code", .string($0)), ("severity", .string("blocker")), ("message", .string("\($0) on \(name)")), ("fix", .string("fix \($0)"))]) })),
        ])
    }

    static func mesh(_ nodes: [JSON]) -> JSON {
        .object([
            ("schema", .string("meshcert.mesh.v1")), ("nodes", .array(nodes)), ("routes", .array([])), ("errors", .array([])),
            ("summary", .object([("privateCACost", .object([
                ("prices", .string("list")), ("services", .int(nodes.count)),
                ("generalPurpose", .object([("certificateAuthorities", .int(1)), ("totalMonthlyUSD", .double(400.28)), ("caMonthlyUSD", .double(400)), ("certificatesMonthlyUSD", .double(0.28))])),
                ("shortLived", .object([("certificateAuthorities", .int(1)), ("totalMonthlyUSD", .double(51.39)), ("caMonthlyUSD", .double(50)), ("certificatesMonthlyUSD", .double(1.39))])),
            ]))])),
        ])
    }

    static func rotation(_ services: [(String, Int64)]) -> JSON {
        .object([
            ("schema", .string("meshcert.rotation.v1")),
            ("scenario", .object([("file", .string("s.yaml")), ("start", .string("2026-12-01T00:00:00Z")), ("end", .string("2026-12-31T00:00:00Z")),
                                  ("mode", .string("SHORT_LIVED")), ("lifetimeSeconds", .int(604800)), ("renewAtSeconds", .int(432000))])),
            ("warnings", .array([])),
            ("services", .array(services.map { name, expired in
                .object([("name", .string(name)), ("tasks", .int(2)), ("issuances", .int(12)), ("failedRequests", .int(0)),
                         ("expiredSeconds", .int(expired)), ("notYetValidSeconds", .int(0)), ("untrustedSeconds", .int(0)),
                         ("minMarginSeconds", .int(expired > 0 ? -expired : 3600)),
                         ("exposureWindows", .array(expired > 0 ? [.object([("start", .string("2026-12-08T00:00:00Z")),
                            ("end", .string(Timestamp.format(Timestamp.parse("2026-12-08T00:00:00Z")! + expired))), ("task", .string("\(name)/0")), ("kind", .string("expired"))])] : []))])
            })),
            ("totals", .object([("expiredSeconds", .int(services.reduce(0) { $0 + $1.1 })), ("notYetValidSeconds", .int(0)), ("untrustedSeconds", .int(0)), ("minMarginSeconds", .int(-1))])),
            ("cost", .object([("mode", .string("SHORT_LIVED")), ("total", .double(54.93)), ("certificates", .int(85)),
                              ("alternative", .object([("mode", .string("GENERAL_PURPOSE")), ("total", .double(440.5)), ("certificates", .int(54))]))])),
        ])
    }

    static func lab(_ cells: [(client: String, server: String, env: String, reason: String, expected: String)]) -> JSON {
        .object([
            ("schema", .string("meshcert.lab.v1")), ("fault", .null),
            ("cells", .array(cells.map { c in
                .object([("client", .string(c.client)), ("clientEnvironment", .string("serviceconnect")), ("server", .string(c.server)),
                         ("serverEnvironment", .string(c.env)), ("clientCertificate", .bool(false)),
                         ("check", .object([("name", .string("\(c.client)->\(c.server)")), ("target", .string("127.0.0.1:1")), ("reason", .string(c.reason)),
                                            ("detail", .string("d")), ("protocol", .string("TLSv1.3")), ("clientAuth", .string("none")),
                                            ("serviceConnectCompatible", .bool(c.reason == "ok")), ("expected", .string(c.expected)),
                                            ("matchedExpectation", .bool(c.reason == c.expected))]))])
            })),
        ])
    }
}
