import Foundation
import MeshcertSupport

extension Page {
    // MARK: services

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
        let sorted = services.enumerated().sorted { (order[$0.1[path: "status"].string] ?? 9, $0.0) < (order[$1.1[path: "status"].string] ?? 9, $1.0) }.map(\.1)
        for s in sorted { serviceRow(s) }
        add("</tbody></table>")

        // Blockers in full, with their fixes.
        let withBlockers = sorted.filter { !$0[path: "blockers"].array.isEmpty }
        if !withBlockers.isEmpty {
            add("<h3>Blockers and fixes</h3>")
            add("<table><caption>Every blocker, with what to do about it</caption>")
            add("<thead><tr><th scope=\"col\" style=\"width:14%\">Service</th><th scope=\"col\" style=\"width:14%\">Code</th><th scope=\"col\">What</th><th scope=\"col\">Fix</th></tr></thead><tbody>")
            for s in withBlockers {
                for b in s[path: "blockers"].array {
                    add("<tr><th scope=\"row\">\(e(s[path: "name"]))</th><td><code>\(e(b[path: "code"]))</code></td><td>\(e(b[path: "message"]))</td><td>\(e(b[path: "fix"]))</td></tr>")
                }
            }
            add("</tbody></table>")
        }
        add("</section>")
    }

    mutating func serviceRow(_ s: JSON) {
        let name = s[path: "name"].string
        let (label, tone) = Explain.status(s[path: "status"].string)
        var status = "<span class=\"badge \(tone)\">\(label)</span>"
        let why = s[path: "blockedBy"].array.map(\.string)
        if !why.isEmpty { status += "<br>" + why.map { "<code>\(e($0))</code>" }.joined(separator: "<br>") }

        var appMesh = "<span class=\"muted\">not in the App Mesh inputs</span>"
        let am = s[path: "appMesh"]
        if !am.isNull {
            var parts: [String] = []
            let listeners = am[path: "listeners"].array.map(\.string)
            parts.append(listeners.isEmpty ? "no listener" : listeners.map(e).joined(separator: "<br>"))
            let mtls = am[path: "mutualTLS"].array.map(\.string)
            if !mtls.isEmpty { parts.append("<strong>mutual TLS: \(mtls.joined(separator: " and "))</strong>") }
            if let sd = am[path: "serviceDiscovery"].stringValue { parts.append(e(sd)) }
            let warnings = am[path: "warnings"].array.map(\.string)
            if !warnings.isEmpty { parts.append("<span class=\"warn\">warnings:</span> " + warnings.map { "<code>\(e($0))</code>" }.joined(separator: ", ")) }
            appMesh = parts.joined(separator: "<br>")
        }

        let certs = s[path: "certificates"].array
        var certText = "<span class=\"muted\">none found</span>"
        if !certs.isEmpty {
            certText = "<ul class=\"tight\">" + certs.map { c in
                let st = c[path: "status"].string
                let tone = st == "expired" ? "bad" : (st == "valid" ? "" : "warn")
                let mode = c[path: "usageMode"].stringValue.map { $0 == "SHORT_LIVED" ? "short-lived" : "general purpose" } ?? "CA"
                return "<li>\(e(c[path: "subjectCommonName"])) <span class=\"muted\">(\(e(c[path: "role"].string)), \(mode))</span><br>"
                    + "<span class=\"\(tone)\">\(st == "valid" ? "until" : e(st.replacingOccurrences(of: "_", with: " ")) + ",") \(e(HTMLText.day(c[path: "notAfter"].string)))</span></li>"
            }.joined() + "</ul>"
        }

        var plan = "<span class=\"muted\">no plan</span>"
        let sc = s[path: "serviceConnect"]
        if !sc.isNull {
            var parts = ["namespace <code>\(e(sc[path: "namespace"]))</code>"]
            let aliases = sc[path: "clientAliases"].array.map(\.string)
            if !aliases.isEmpty { parts.append("alias " + aliases.map { "<code>\(e($0))</code>" }.joined(separator: ", ")) }
            parts.append(sc[path: "ready"].bool ? "<span class=\"ok\">can be created as planned</span>" : "<span class=\"bad\">plan blocked</span>")
            plan = parts.joined(separator: "<br>")
        } else if s[path: "kind"].string == "virtualGateway" {
            plan = "<span class=\"warn\">no Service Connect equivalent: put an ALB in front</span>"
        }

        var rotation = "<span class=\"muted\">not simulated</span>"
        let r = s[path: "rotation"]
        if !r.isNull {
            let exposed = r[path: "exposedSeconds"].int
            rotation = exposed == 0 ? "<span class=\"ok\">no exposure</span>" : "<span class=\"bad\">exposed \(HTMLText.duration(exposed))</span>"
            var kinds: [String] = []
            for (key, word) in [("expiredSeconds", "expired"), ("notYetValidSeconds", "not yet valid"), ("untrustedSeconds", "untrusted")] where r[path: key].int > 0 {
                kinds.append("\(word) \(HTMLText.duration(r[path: key].int))")
            }
            if !kinds.isEmpty { rotation += "<br>" + kinds.joined(separator: "<br>") }
            rotation += "<br><span class=\"muted\">\(r[path: "tasks"].int) tasks, \(r[path: "issuances"].int) issued"
            if let m = r[path: "minMarginSeconds"].intValue { rotation += ", min margin \(HTMLText.duration(m))" }
            rotation += "</span>"
        }

        var hs = "<span class=\"muted\">none</span>"
        let asServer = s[path: "handshakes", "asServer"], asClient = s[path: "handshakes", "asClient"]
        var hparts: [String] = []
        for (label, h) in [("called", asServer), ("calling", asClient)] where h[path: "checks"].int > 0 {
            let missed = h[path: "missedExpectation"].int
            let reasons = h[path: "reasons"].fields.map { "\($0.0.replacingOccurrences(of: "_", with: " ")) \($0.1.int)" }.joined(separator: ", ")
            hparts.append("\(label): \(h[path: "ok"].int) of \(h[path: "checks"].int) ok<br><span class=\"muted\">\(e(reasons))</span>"
                          + (missed > 0 ? "<br><span class=\"bad\">\(missed) unexpected</span>" : ""))
        }
        if !hparts.isEmpty { hs = hparts.joined(separator: "<br>") }

        add("<tr id=\"svc-\(anchor(name))\"><th scope=\"row\">\(e(name))"
            + (s[path: "mesh"].stringValue.map { "<br><span class=\"muted\">mesh \(e($0))</span>" } ?? "") + "</th>"
            + "<td>\(status)</td><td>\(appMesh)</td><td>\(certText)</td><td>\(plan)</td><td>\(rotation)</td><td>\(hs)</td></tr>")
    }

    // MARK: certificates

    mutating func certificatesSection() {
        add("<section id=\"certificates\" aria-labelledby=\"certificates-h\">")
        add("<h2 id=\"certificates-h\">Certificate expiry</h2>")
        let scan = components[path: "scan"]
        let certs = scan[path: "certificates"].array
        if scan.isNull {
            add("<p>No certificate folder was scanned (<code>--certs DIR</code>).</p></section>")
            return
        }
        if certs.isEmpty {
            add("<p>The scan found no certificate in \(e(report[path: "inputs", "certs"].array.map(\.string).joined(separator: ", "))).</p>")
        } else {
            let c = summary[path: "certificates"]
            let at = Timestamp.parse(evaluatedAt) ?? 0
            let description = "\(certs.count) distinct certificates; \(c[path: "expired"].int) expired, \(c[path: "expiringSoon"].int) expiring soon, "
                + "\(c[path: "notYetValid"].int) not yet valid at \(evaluatedAt). "
                + (certs.count > ExpiryChart.limit ? "The \(ExpiryChart.limit) that expire first are drawn; the table lists them all. " : "")
                + "Each bar runs from notBefore to notAfter; the dashed line is the evaluation time."
            add("<figure>")
            add(ExpiryChart.svg(certificates: certs, evaluatedAt: at, titleID: "expiry-title", descID: "expiry-desc", description: description))
            add("<figcaption>\(e(description)) Green valid, amber expiring soon, red expired, purple not yet valid, grey certificate authorities.</figcaption>")
            add("</figure>")
            let limit = 300
            add("<table><caption>Certificates by expiry\(certs.count > limit ? " (the first \(limit) of \(certs.count); report.json has all)" : "")</caption>")
            add("<thead><tr><th scope=\"col\" style=\"width:22%\">Subject CN</th><th scope=\"col\" style=\"width:9%\">Status</th><th scope=\"col\" style=\"width:10%\">Not after</th>"
                + "<th scope=\"col\" style=\"width:12%\">Mode</th><th scope=\"col\">Key</th><th scope=\"col\">Chain</th><th scope=\"col\" style=\"width:22%\">Files</th><th scope=\"col\">Findings</th></tr></thead><tbody>")
            for cert in certs.prefix(limit) {
                let st = cert[path: "status"].string
                let tone = st == "expired" || st == "not_yet_valid" ? "bad" : (st == "expiring_soon" ? "warn" : "ok")
                let key = cert[path: "keyType"].string + " " + (cert[path: "curve"].stringValue ?? "\(cert[path: "keyBits"].int)")
                let chain = cert[path: "chain"]
                let chainText = chain[path: "trusted"].isNull ? (chain[path: "complete"].bool ? "complete" : "incomplete")
                    : (chain[path: "trusted"].bool ? "trusted" : "<span class=\"bad\">untrusted</span>")
                let files = cert[path: "locations"].array
                let fileText = files.prefix(3).map { "<code>\(e($0[path: "path"]))</code>" }.joined(separator: "<br>") + (files.count > 3 ? "<br>and \(files.count - 3) more" : "")
                let findings = cert[path: "findings"].array.map { "<code>\(e($0[path: "code"]))</code>" }.joined(separator: " ")
                add("<tr><th scope=\"row\">\(e(cert[path: "subjectCommonName"]))\(cert[path: "isCA"].bool ? " <span class=\"muted\">(CA)</span>" : "")</th>"
                    + "<td><span class=\"\(tone)\">\(e(st.replacingOccurrences(of: "_", with: " ")))</span></td><td>\(e(HTMLText.day(cert[path: "notAfter"].string)))</td>"
                    + "<td>\(e(cert[path: "usageMode"].stringValue ?? "CA"))</td><td>\(e(key))</td><td>\(chainText)</td><td>\(fileText)</td><td>\(findings.isEmpty ? "–" : findings)</td></tr>")
            }
            add("</tbody></table>")
        }
        add("</section>")
    }

    // MARK: rotation

    mutating func rotationSection() {
        add("<section id=\"rotation\" aria-labelledby=\"rotation-h\">")
        add("<h2 id=\"rotation-h\">Rotation</h2>")
        let rot = components[path: "rotation"]
        if rot.isNull {
            add("<p>No rotation scenario was simulated (<code>--scenario FILE</code>).</p></section>")
            return
        }
        let sc = rot[path: "scenario"]
        add("<p>Scenario <code>\(e(sc[path: "file"]))</code>: \(e(sc[path: "mode"])) CA, certificates of \(HTMLText.duration(sc[path: "lifetimeSeconds"].int)) "
            + "renewed at \(HTMLText.duration(sc[path: "renewAtSeconds"].int)), simulated from \(e(HTMLText.day(sc[path: "start"].string))) to \(e(HTMLText.day(sc[path: "end"].string))).</p>")
        for w in rot[path: "warnings"].array { add("<p class=\"warn\">\(e(w))</p>") }
        let r = summary[path: "rotation"]
        let description: String
        if r[path: "worst"].isNull {
            description = "No task presented an expired, not yet valid or untrusted certificate."
        } else {
            let w = r[path: "worst"]
            description = "Exposure in all: \(HTMLText.duration(r[path: "exposedSeconds"].int)) in \(r[path: "exposureWindows"].int) windows; "
                + "the most exposed service is \(w[path: "service"].string) (\(HTMLText.duration(w[path: "exposedSeconds"].int)))."
        }
        if let svg = report[path: "charts", "rotationTimelineSvg"].stringValue.flatMap(HTMLText.safeSVG) {
            add("<figure>")
            var body = svg
            let xmlns = "<svg xmlns=\"http://www.w3.org/2000/svg\" "
            if body.hasPrefix(xmlns) { body = "<svg " + body.dropFirst(xmlns.count) }
            body = body.replacingFirst("<svg ", with: "<svg role=\"img\" aria-labelledby=\"rotation-title rotation-desc\" ")
            body = body.replacingFirst(">", with: "><title id=\"rotation-title\">Rotation timeline</title><desc id=\"rotation-desc\">\(e(description))</desc>")
            add(body)
            add("<figcaption>\(e(description)) Blue bars are certificates (notBefore to notAfter), ticks are renewals, grey is a CA outage, "
                + "dashed lines are CA rollover moments, red shades are exposure. The table below holds the same figures.</figcaption>")
            add("</figure>")
        } else {
            add("<p>\(e(description))</p>")
        }
        add("<table><caption>Rotation per service</caption>")
        add("<thead><tr><th scope=\"col\" style=\"width:14%\">Service</th><th scope=\"col\" class=\"num\">Tasks</th><th scope=\"col\" class=\"num\">Issued</th>"
            + "<th scope=\"col\" class=\"num\">Failed requests</th><th scope=\"col\" class=\"num\">Expired</th><th scope=\"col\" class=\"num\">Not yet valid</th>"
            + "<th scope=\"col\" class=\"num\">Untrusted</th><th scope=\"col\" class=\"num\">Min margin</th><th scope=\"col\">Longest window</th></tr></thead><tbody>")
        func d(_ v: JSON) -> String { v.isNull ? "–" : (v.int == 0 ? "–" : HTMLText.duration(v.int)) }
        for s in rot[path: "services"].array {
            let longest = s[path: "exposureWindows"].array.max { ReportSummary.windowSeconds($0) < ReportSummary.windowSeconds($1) }
            let lw = longest.map { "\(e($0[path: "kind"].string.replacingOccurrences(of: "_", with: " "))) \(HTMLText.duration(ReportSummary.windowSeconds($0))) from \(e(HTMLText.day($0[path: "start"].string))) (\(e($0[path: "task"])))" } ?? "–"
            let exposed = s[path: "expiredSeconds"].int + s[path: "notYetValidSeconds"].int + s[path: "untrustedSeconds"].int > 0
            add("<tr><th scope=\"row\">\(e(s[path: "name"]))</th><td class=\"num\">\(s[path: "tasks"].int)</td><td class=\"num\">\(s[path: "issuances"].int)</td>"
                + "<td class=\"num\">\(s[path: "failedRequests"].int)</td><td class=\"num\(exposed ? " bad" : "")\">\(d(s[path: "expiredSeconds"]))</td>"
                + "<td class=\"num\">\(d(s[path: "notYetValidSeconds"]))</td><td class=\"num\">\(d(s[path: "untrustedSeconds"]))</td>"
                + "<td class=\"num\">\(s[path: "minMarginSeconds"].isNull ? "–" : HTMLText.duration(s[path: "minMarginSeconds"].int))</td><td>\(lw)</td></tr>")
        }
        add("</tbody></table>")
        add("</section>")
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let r = range(of: target) else { return self }
        return replacingCharacters(in: r, with: replacement)
    }
}
