import Foundation
import MeshcertSupport

/// The handshake matrix (who calls whom, in which world) and one diagnosis per distinct failure.
extension Page {

    mutating func handshakesSection() {
        add("<section id=\"handshakes\" aria-labelledby=\"handshakes-h\">")
        add("<h2 id=\"handshakes-h\">Handshakes</h2>")
        if handshakes.isEmpty {
            add("<p>No handshake was run (<code>--plan FILE</code> for your endpoints, <code>--lab</code> for both worlds on loopback).</p></section>")
            return
        }
        if case .lab(let lab) = components.handshake {
            add("<p>The loopback lab: for every called service an App Mesh server (demo PKI, mutual TLS required, TLS 1.2–1.3) and a "
                + "Service Connect server (7-day certificates from a short-lived CA, TLS 1.3 only, no client certificate); every "
                + "client calls each from both worlds, with and without its client certificate. Real OpenSSL handshakes.</p>")
            if let fault = lab.fault {
                add("<p class=\"warn\">Injected fault: <code>\(e(fault.kind.rawValue))</code> on \(e(fault.service))@\(e(fault.environment.rawValue)).</p>")
            }
        } else {
            add("<p>Checks from the handshake plan, run with real OpenSSL handshakes.</p>")
        }
        matrix()
        // Diagnoses: one line per distinct failure.
        var seen = Set<String>()
        var lines: [String] = []
        for h in handshakes where h.reason != "ok" {
            let key = "\(h.clientEnvironment ?? "")|\(h.server ?? "")|\(h.serverEnvironment ?? "")|\(h.reason)"
            guard seen.insert(key).inserted else { continue }
            lines.append("<li><strong>\(e(participant(h, client: true))) → \(e(participant(h, client: false)))</strong>: "
                         + "<code>\(e(h.reason))</code>: \(e(h.detail))</li>")
        }
        if !lines.isEmpty {
            add("<h3>Diagnoses</h3>")
            add("<ul>" + lines.joined() + "</ul>")
        }
        // Warnings (a chain that expires soon, is misordered or carries extra certificates): once per server.
        var warned = Set<String>()
        var warnings: [String] = []
        for h in handshakes {
            for w in h.warnings ?? [] where warned.insert("\(h.target)|\(w)").inserted {
                warnings.append("<li><strong>\(e(participant(h, client: false)))</strong>: \(e(w))</li>")
            }
        }
        if !warnings.isEmpty {
            add("<h3>Warnings</h3>")
            add("<ul>" + warnings.joined() + "</ul>")
        }
        add("</section>")
    }

    func participant(_ h: HandshakeRow, client: Bool) -> String {
        let name = (client ? h.client : h.server) ?? (client ? "client" : h.target)
        let env = client ? h.clientEnvironment : h.serverEnvironment
        return env.map { "\(name)@\($0)" } ?? name
    }

    /// Rows: who calls (and whether it presents its client certificate); columns: who is called.
    mutating func matrix() {
        var rows: [String] = [], cols: [String] = []
        var cells: [String: [HandshakeRow]] = [:]
        for h in handshakes {
            let row = participant(h, client: true) + (h.clientCertificate.map { $0 ? ", client certificate" : ", no client certificate" } ?? "")
            let col = participant(h, client: false)
            if !rows.contains(row) { rows.append(row) }
            if !cols.contains(col) { cols.append(col) }
            cells[row + "\u{0}" + col, default: []].append(h)
        }
        add("<table>")
        add("<caption>Handshake matrix: each cell is the outcome's reason (expected outcome in brackets when it differed), then the TLS version</caption>")
        if cols.count > 8 {
            add("<thead><tr><th scope=\"col\">Client</th><th scope=\"col\">Server</th><th scope=\"col\">Reason</th><th scope=\"col\">Expected</th><th scope=\"col\">TLS</th><th scope=\"col\">Service Connect compatible</th></tr></thead><tbody>")
            for h in handshakes {
                let matched = h.matchedExpectation
                add("<tr><th scope=\"row\">\(e(participant(h, client: true)))</th><td>\(e(participant(h, client: false)))</td>"
                    + "<td class=\"cell \(Explain.reasonTone(h.reason, matched: matched))\">\(e(h.reason))</td><td>\(e(h.expected))</td>"
                    + "<td>\(e(h.protocol))</td><td>\(h.serviceConnectCompatible ? "yes" : "no")</td></tr>")
            }
            add("</tbody></table>")
            return
        }
        add("<thead><tr><th scope=\"col\">Client \\ server</th>" + cols.map { "<th scope=\"col\">\(e($0).replacingOccurrences(of: "@", with: "@<wbr>"))</th>" }.joined() + "</tr></thead><tbody>")
        for row in rows {
            var line = "<tr><th scope=\"row\">\(e(row))</th>"
            for col in cols {
                guard let list = cells[row + "\u{0}" + col] else { line += "<td class=\"muted\">–</td>"; continue }
                let tone = list.contains { !$0.matchedExpectation } ? "bad" : (list.allSatisfy { $0.reason == "ok" } ? "ok" : "warn")
                let text = list.map { h -> String in
                    var t = e(h.reason.replacingOccurrences(of: "_", with: " "))
                    if !h.matchedExpectation { t += " <strong>(expected \(e(h.expected.replacingOccurrences(of: "_", with: " "))))</strong>" }
                    if let p = h.protocol { t += "<br><span class=\"muted\">\(e(p))\(h.serviceConnectCompatible ? ", SC compatible" : "")</span>" }
                    return t
                }.joined(separator: "<hr>")
                line += "<td class=\"cell \(tone)\">\(text)</td>"
            }
            add(line + "</tr>")
        }
        add("</tbody></table>")
    }
}
