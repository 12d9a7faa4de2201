import MeshcertSupport
import MeshcertOpenSSL

/// Renders results as meshcert.handshake.v1 JSON or as a table for people.
public enum HandshakeReport {
    public static let schema = "meshcert.handshake.v1"

    public static func json(_ results: [HandshakeCheckResult], at: EpochSeconds?) -> JSON {
        .object([
            ("schema", .string(schema)),
            ("at", .string(at.map(Timestamp.format))),
            ("checks", .array(results.map(checkJSON))),
            ("summary", summary(results)),
        ])
    }

    public static func checkJSON(_ r: HandshakeCheckResult) -> JSON {
        var fields: [(String, JSON)] = [
            ("name", .string(r.check.name)),
            ("target", .string(r.check.target.description)),
            ("serverName", .string(r.check.effectiveServerName)),
            ("outcome", .string(r.outcome)),
            ("reason", .string(r.reason.rawValue)),
            ("detail", .string(r.detail)),
            ("protocol", .string(r.protocolVersion)),
            ("cipher", .string(r.cipher)),
            ("group", .string(r.group)),
            ("clientAuth", .string(r.clientAuth.rawValue)),
            ("peerChain", .array(r.peerChain.map { c in
                .object([
                    ("subject", .string(c.subject)),
                    ("issuer", .string(c.issuer)),
                    ("notAfter", .string(c.notAfter.map(Timestamp.format))),
                    ("sha256", .string(c.sha256)),
                ])
            })),
            ("serviceConnectCompatible", .bool(r.serviceConnectCompatible)),
            ("connectMs", r.connectMs.map(JSON.double) ?? .null),
            ("handshakeMs", r.handshakeMs.map(JSON.double) ?? .null),
            ("expected", .string(r.check.expect.rawValue)),
            ("matchedExpectation", .bool(r.matchedExpectation)),
        ]
        if let load = r.load {
            fields.append(("load", .object([
                ("handshakes", .int(load.handshakes)),
                ("missedExpectation", .int(load.missed)),
                ("handshakesPerSecond", .double(load.handshakesPerSecond)),
                ("p50Ms", .double(load.p50Ms)),
                ("p99Ms", .double(load.p99Ms)),
                ("meanMs", .object([
                    ("connect", .double(load.meanConnectMs)),
                    ("handshake", .double(load.meanHandshakeMs)),
                    ("postHandshake", .double(load.meanPostHandshakeMs)),
                    ("total", .double(load.meanTotalMs)),
                ])),
            ])))
        }
        return .object(fields)
    }

    public static func summary(_ results: [HandshakeCheckResult]) -> JSON {
        var counts: [(String, JSON)] = []
        for reason in HandshakeReason.allCases {
            let n = results.filter { $0.reason == reason }.count
            if n > 0 { counts.append((reason.rawValue, .int(n))) }
        }
        return .object([
            ("checks", .int(results.count)),
            ("ok", .int(results.filter { $0.reason == .ok }.count)),
            ("failed", .int(results.filter { $0.reason != .ok }.count)),
            ("matchedExpectation", .int(results.filter(\.matchedExpectation).count)),
            ("missedExpectation", .int(results.filter { !$0.matchedExpectation }.count)),
            ("serviceConnectCompatible", .int(results.filter(\.serviceConnectCompatible).count)),
            ("reasons", .object(counts)),
        ])
    }

    public static func table(_ results: [HandshakeCheckResult], colour: Bool = false) -> String {
        let withLoad = results.contains { $0.load != nil }
        var header = ["CHECK", "TARGET", "REASON", "EXPECTED", "TLS", "CIPHER", "CLIENT-AUTH", "SC", "CONNECT", "HANDSHAKE"]
        if withLoad { header += ["HS/S", "P50", "P99"] }
        var table = TextTable(header: header)
        for r in results {
            let mark = r.matchedExpectation ? r.reason.rawValue : "\(r.reason.rawValue) (!)"
            var row = [
                r.check.name, r.check.target.description,
                Terminal.paint(mark, r.matchedExpectation ? .green : .red, enabled: colour),
                r.check.expect.rawValue,
                r.protocolVersion ?? "-", r.cipher ?? "-", r.clientAuth.rawValue,
                r.serviceConnectCompatible ? "yes" : "no",
                r.connectMs.map(ms) ?? "-", r.handshakeMs.map(ms) ?? "-",
            ]
            if withLoad {
                row += r.load.map { [String(Int($0.handshakesPerSecond.rounded())), ms($0.p50Ms), ms($0.p99Ms)] } ?? ["-", "-", "-"]
            }
            table.add(row)
        }
        var out = table.render()
        out += "\n\n"
        for r in results {
            out += "\(r.check.name): \(r.detail)\n"
            if let leaf = r.peerChain.first {
                out += "  peer: \(leaf.subject) (issuer \(leaf.issuer), notAfter \(leaf.notAfter.map(Timestamp.format) ?? "?"))\n"
            }
        }
        let matched = results.filter(\.matchedExpectation).count
        out += "\n\(matched) of \(results.count) checks met their expectation"
        out += ", \(results.filter(\.serviceConnectCompatible).count) Service Connect compatible"
        return out
    }

    static func ms(_ v: Double) -> String {
        v >= 100 ? "\(Int(v.rounded()))ms" : String(Double(Int((v * 10).rounded())) / 10) + "ms"
    }
}
