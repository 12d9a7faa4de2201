import MeshcertSupport
import MeshcertOpenSSL

/// Renders results as a table for people (their JSON is `HandshakeDocument`).
public enum HandshakeReport {
    public static let schema = HandshakeDocument.schema

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
            if let chain = r.chain { out += "  chain: " + chainLine(chain, stapled: r.ocspStapled) + "\n" }
            for w in r.warnings { out += "  warning \(w.code): \(w.detail)\n" }
        }
        let matched = results.filter(\.matchedExpectation).count
        out += "\n\(matched) of \(results.count) checks met their expectation"
        out += ", \(results.filter(\.serviceConnectCompatible).count) Service Connect compatible"
        return out
    }

    /// "complete, in order, 1 superfluous; earliest expiry 2027-01-01T00:00:00Z (CN=..., position 1); OCSP stapled"
    static func chainLine(_ c: ChainDiagnosis, stapled: Bool?) -> String {
        var parts = [c.complete ? "complete" : "incomplete: no certificate of its issuer \(c.missingIssuer ?? "?")",
                     c.order == .ok ? "in order" : "misordered"]
        if !c.superfluous.isEmpty { parts.append("\(c.superfluous.count) superfluous") }
        var line = parts.joined(separator: ", ")
        if let e = c.earliestExpiry {
            line += "; earliest expiry \(e.notAfter.map(Timestamp.format) ?? "?") (\(e.subject), "
                + (e.position.map { "position \($0)" } ?? "from --trust") + ")" + (c.expiringSoon ? ", expiring soon" : "")
        }
        if let stapled { line += stapled ? "; OCSP stapled" : "; no OCSP staple" }
        return line
    }

    static func ms(_ v: Double) -> String {
        v >= 100 ? "\(Int(v.rounded()))ms" : String(Double(Int((v * 10).rounded())) / 10) + "ms"
    }
}
