import Foundation
import MeshcertSupport

/// The services table (blocked first) and every blocker with its fix.
extension Page {

    mutating func servicesSection() {
        add("<section id=\"services\" aria-labelledby=\"services-h\">")
        add("<h2 id=\"services-h\">Services</h2>")
        if services.isEmpty {
            add("<p>No service: give App Mesh configuration (<code>--mesh</code>), a rotation scenario or handshake checks.</p>")
            add("</section>")
            return
        }
        add("<p>One row per service: how App Mesh secures it today, the certificates it uses, its Service Connect plan, "
            + "its simulated rotation exposure and its handshakes. Blocked services first.</p>")
        add("<table>")
        add("<caption>Services, blocked first</caption>")
        add("<colgroup><col style=\"width:11%\"><col style=\"width:13%\"><col style=\"width:19%\"><col style=\"width:21%\">"
            + "<col style=\"width:14%\"><col style=\"width:11%\"><col style=\"width:11%\"></colgroup>")
        add("<thead><tr><th scope=\"col\">Service</th><th scope=\"col\">Status</th><th scope=\"col\">App Mesh TLS</th>"
            + "<th scope=\"col\">Certificates</th><th scope=\"col\">Service Connect plan</th><th scope=\"col\">Rotation</th>"
            + "<th scope=\"col\">Handshakes</th></tr></thead>")
        add("<tbody>")
        let order = ["blocked": 0, "gateway": 1, "ready": 2, "not_in_mesh": 3]
        let sorted = services.enumerated().sorted { (order[$0.1.status.rawValue] ?? 9, $0.0) < (order[$1.1.status.rawValue] ?? 9, $1.0) }.map(\.1)
        for s in sorted { serviceRow(s) }
        add("</tbody></table>")

        // Blockers in full, with their fixes.
        let withBlockers = sorted.filter { !$0.blockers.isEmpty }
        if !withBlockers.isEmpty {
            add("<h3>Blockers and fixes</h3>")
            add("<table><caption>Every blocker, with what to do about it</caption>")
            add("<thead><tr><th scope=\"col\" style=\"width:14%\">Service</th><th scope=\"col\" style=\"width:14%\">Code</th><th scope=\"col\">What</th><th scope=\"col\">Fix</th></tr></thead><tbody>")
            for s in withBlockers {
                for b in s.blockers {
                    add("<tr><th scope=\"row\">\(e(s.name))</th><td><code>\(e(b.code))</code></td><td>\(e(b.message))</td><td>\(e(b.fix))</td></tr>")
                }
            }
            add("</tbody></table>")
        }
        add("</section>")
    }

    mutating func serviceRow(_ s: ServiceRow) {
        let name = s.name
        let (label, tone) = Explain.status(s.status.rawValue)
        var status = "<span class=\"badge \(tone)\">\(label)</span>"
        let why = s.blockedBy
        if !why.isEmpty { status += "<br>" + why.map { codeHTML($0) }.joined(separator: "<br>") }

        var appMesh = "<span class=\"muted\">not in the App Mesh inputs</span>"
        if let am = s.appMesh {
            var parts: [String] = []
            let listeners = am.listeners
            parts.append(listeners.isEmpty ? "no listener" : listeners.map(e).joined(separator: "<br>"))
            let mtls = am.mutualTLS
            if !mtls.isEmpty { parts.append("<strong>mutual TLS: \(mtls.joined(separator: " and "))</strong>") }
            if let sd = am.serviceDiscovery { parts.append(e(sd)) }
            let warnings = am.warnings
            if !warnings.isEmpty { parts.append("<span class=\"warn\">warnings:</span> " + warnings.map { codeHTML($0) }.joined(separator: ", ")) }
            appMesh = parts.joined(separator: "<br>")
        }

        let certs = s.certificates
        var certText = "<span class=\"muted\">none found</span>"
        if !certs.isEmpty {
            certText = "<ul class=\"tight\">" + certs.map { c in
                let st = c.status
                let tone = st == "expired" ? "bad" : (st == "valid" ? "" : "warn")
                let mode = c.usageMode.map { $0 == "SHORT_LIVED" ? "short-lived" : "general purpose" } ?? "CA"
                // Certificates attributed by name, not by a configured file, say so.
                let byName = c.matchedBy == "configured_file" ? "" : ", matched by name"
                return "<li>\(e(c.subjectCommonName)) <span class=\"muted\">(\(e(c.role)), \(mode)\(byName))</span><br>"
                    + "<span class=\"\(tone)\">\(st == "valid" ? "until" : e(st.replacingOccurrences(of: "_", with: " ")) + ",") \(e(HTMLText.day(c.notAfter)))</span></li>"
            }.joined() + "</ul>"
        }

        var plan = "<span class=\"muted\">no plan</span>"
        if let sc = s.serviceConnect {
            var parts = ["namespace <code>\(e(sc.namespace))</code>"]
            let aliases = sc.clientAliases
            if !aliases.isEmpty { parts.append("alias " + aliases.map { "<code>\(e($0))</code>" }.joined(separator: ", ")) }
            parts.append(sc.ready ? "<span class=\"ok\">can be created as planned</span>" : "<span class=\"bad\">plan blocked</span>")
            plan = parts.joined(separator: "<br>")
        } else if s.kind == "virtualGateway" {
            plan = "<span class=\"warn\">no Service Connect equivalent: put an ALB in front</span>"
        }

        var rotation = "<span class=\"muted\">not simulated</span>"
        if let r = s.rotation {
            let exposed = r.exposedSeconds
            rotation = exposed == 0 ? "<span class=\"ok\">no exposure</span>" : "<span class=\"bad\">exposed \(HTMLText.duration(exposed))</span>"
            var kinds: [String] = []
            for (seconds, word) in [(r.expiredSeconds, "expired"), (r.notYetValidSeconds, "not yet valid"), (r.untrustedSeconds, "untrusted")] where seconds > 0 {
                kinds.append("\(word) \(HTMLText.duration(seconds))")
            }
            if !kinds.isEmpty { rotation += "<br>" + kinds.joined(separator: "<br>") }
            rotation += "<br><span class=\"muted\">\(r.tasks) tasks, \(r.issuances) issued"
            if let m = r.minMarginSeconds { rotation += ", min margin \(HTMLText.duration(m))" }
            rotation += "</span>"
        }

        var hs = "<span class=\"muted\">none</span>"
        let asServer = s.handshakes.asServer, asClient = s.handshakes.asClient
        var hparts: [String] = []
        for (label, h) in [("called", asServer), ("calling", asClient)] where h.checks > 0 {
            let missed = h.missedExpectation
            let reasons = h.reasons.entries.map { "\($0.key.replacingOccurrences(of: "_", with: " ")) \($0.count)" }.joined(separator: ", ")
            hparts.append("\(label): \(h.ok) of \(h.checks) ok<br><span class=\"muted\">\(e(reasons))</span>"
                          + (missed > 0 ? "<br><span class=\"bad\">\(missed) unexpected</span>" : ""))
        }
        if !hparts.isEmpty { hs = hparts.joined(separator: "<br>") }

        add("<tr id=\"svc-\(anchor(name))\"><th scope=\"row\">\(e(name))"
            + (s.mesh.map { "<br><span class=\"muted\">mesh \(e($0))</span>" } ?? "") + "</th>"
            + "<td>\(status)</td><td>\(appMesh)</td><td>\(certText)</td><td>\(plan)</td><td>\(rotation)</td><td>\(hs)</td></tr>")
    }
}
