import Foundation
import MeshcertSupport

/// Renders a `meshcert.report.v1` document as one self-contained page: inline CSS and SVG,
/// no script, nothing fetched. Real tables (caption, th with scope), headings in order, a text
/// alternative for every chart, readable at 1280 px without horizontal scrolling, printable.
public enum ReportHTML {
    public static func render(_ report: JSON) -> String {
        var page = Page(report: report)
        page.build()
        return page.out.joined(separator: "\n") + "\n"
    }
}

struct Page {
    let report: JSON
    var out: [String] = []
    init(report: JSON) { self.report = report }

    mutating func add(_ s: String) { out.append(s) }
    func e(_ s: String) -> String { HTMLText.escape(s) }
    func e(_ j: JSON) -> String { HTMLText.escape(j.stringValue ?? (j.isNull ? "–" : j.render(pretty: false))) }

    var summary: JSON { report[path: "summary"] }
    var services: [JSON] { report[path: "services"].array }
    var handshakes: [JSON] { report[path: "handshakes"].array }
    var components: JSON { report[path: "components"] }
    var evaluatedAt: String { report[path: "evaluatedAt"].string }

    mutating func build() {
        add("<!DOCTYPE html>")
        add("<html lang=\"en\">")
        add("<head>")
        add("<meta charset=\"utf-8\">")
        add("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        add("<meta name=\"generator\" content=\"\(e(report[path: "generator"].string))\">")
        add("<title>Migration readiness report (\(e(evaluatedAt)))</title>")
        add("<style>\n\(ReportStyle.css)\n</style>")
        add("</head>")
        add("<body>")
        add("<a class=\"skip\" href=\"#summary\">Skip to the summary</a>")
        add("<header>")
        add("<h1>App Mesh to ECS Service Connect: migration readiness</h1>")
        add("<p class=\"meta\">Evaluated at <time datetime=\"\(e(evaluatedAt))\">\(e(evaluatedAt))</time> by \(e(report[path: "generator"].string)). "
            + "Data: <code>report.json</code> next to this page (schema <code>\(e(report[path: "schema"].string))</code>).</p>")
        var sections = [("summary", "Summary")]
        if !report[path: "sinceLastReport"].isNull { sections.append(("since", "Since last report")) }
        sections += [("services", "Services"), ("certificates", "Certificate expiry"), ("rotation", "Rotation"),
                     ("handshakes", "Handshakes"), ("cost", "Cost of both CA modes"), ("inputs", "Inputs and problems")]
        add("<nav aria-label=\"Sections\"><ul>" + sections.map { "<li><a href=\"#\($0.0)\">\($0.1)</a></li>" }.joined() + "</ul></nav>")
        add("</header>")
        add("<main>")
        summarySection()
        if !report[path: "sinceLastReport"].isNull { sinceSection() }
        servicesSection()
        certificatesSection()
        rotationSection()
        handshakesSection()
        costSection()
        inputsSection()
        add("</main>")
        add("<footer><p>meshcert report: App Mesh configuration (<code>meshcert mesh</code>), certificate inventory (<code>meshcert scan</code>), "
            + "rotation simulation (<code>meshcert rotate</code>) and handshakes (<code>meshcert handshake</code>, <code>meshcert lab</code>) on one page. "
            + "Prices are list prices from one editable table; check them against your Region.</p></footer>")
        add("</body>")
        add("</html>")
    }

    // MARK: summary

    mutating func summarySection() {
        add("<section id=\"summary\" aria-labelledby=\"summary-h\">")
        add("<h2 id=\"summary-h\">Summary</h2>")
        if summary[path: "empty"].bool {
            add("<div class=\"empty\" role=\"status\"><p><strong>Nothing to report.</strong> The inputs held no App Mesh configuration, "
                + "no certificate, no rotation scenario and no handshake: give <code>--certs DIR</code>, <code>--mesh PATH</code>, "
                + "<code>--scenario FILE</code>, <code>--plan FILE</code> or <code>--lab</code>.</p></div>")
        }
        add("<div class=\"cards\">")
        // Services.
        let s = summary[path: "services"]
        let total = s[path: "total"].int, ready = s[path: "ready"].int, blocked = s[path: "blocked"].int
        let movable = total - s[path: "gateways"].int - s[path: "notInMesh"].int
        card(blocked > 0 ? "bad" : (movable > 0 ? "ok" : ""), "Services ready",
             movable > 0 ? "\(ready) of \(movable)" : "–",
             movable > 0 ? (blocked > 0 ? "\(blocked) blocked; see below." : "Every App Mesh service can move as it is.")
                         : "No App Mesh virtual node in the inputs.")
        // Certificates.
        let c = summary[path: "certificates"]
        if c[path: "scanned"].bool {
            let expired = c[path: "expired"].int, soon = c[path: "expiringSoon"].int
            var lines = ["\(c[path: "distinct"].int) distinct: \(c[path: "generalPurpose"].int) general purpose, \(c[path: "shortLived"].int) short-lived."]
            if let first = c[path: "nextExpiries"].array.first, expired + soon + c[path: "notYetValid"].int > 0 {
                lines.append("Next: \(e(first[path: "subjectCommonName"])) (\(e(first[path: "status"].string.replacingOccurrences(of: "_", with: " "))), \(e(HTMLText.day(first[path: "notAfter"].string)))).")
            }
            if c[path: "unreadableFiles"].int > 0 { lines.append("\(HTMLText.plural(Int(c[path: "unreadableFiles"].int), "file")) could not be read.") }
            card(expired > 0 ? "bad" : (soon > 0 ? "warn" : "ok"), "Certificates expiring",
                 "\(expired) expired, \(soon) soon", lines.joined(separator: " "))
        } else {
            card("", "Certificates expiring", "–", "No certificate folder given (<code>--certs</code>).")
        }
        // Rotation.
        let r = summary[path: "rotation"]
        if r.isNull {
            card("", "Worst rotation exposure", "–", "No rotation scenario given (<code>--scenario</code>).")
        } else if r[path: "worst"].isNull {
            card("ok", "Worst rotation exposure", "none", "Every task presented a valid, trusted certificate throughout the simulated window.")
        } else {
            let w = r[path: "worst"]
            var text = "\(e(w[path: "service"])) presented a rejected certificate for \(HTMLText.duration(w[path: "exposedSeconds"].int))"
            let lw = w[path: "longestWindow"]
            if !lw.isNull {
                text += "; longest: \(e(lw[path: "kind"].string.replacingOccurrences(of: "_", with: " "))) \(HTMLText.duration(lw[path: "seconds"].int)) from \(e(HTMLText.day(lw[path: "start"].string))) (task \(e(lw[path: "task"])))"
            }
            card("bad", "Worst rotation exposure", HTMLText.duration(w[path: "exposedSeconds"].int),
                 text + ". All services: \(HTMLText.duration(r[path: "exposedSeconds"].int)) in \(HTMLText.plural(Int(r[path: "exposureWindows"].int), "window")).")
        }
        // Handshakes.
        let h = summary[path: "handshakes"]
        if h[path: "checks"].int == 0 {
            card("", "Handshake failures", "–", "No handshake run (<code>--plan</code> or <code>--lab</code>).")
        } else {
            let failed = h[path: "failed"].int, missed = h[path: "missedExpectation"].int
            let reasons = h[path: "failureReasons"].fields.map { "\($0.0.replacingOccurrences(of: "_", with: " ")) \($0.1.int)" }.joined(separator: ", ")
            card(missed > 0 ? "bad" : (failed > 0 ? "warn" : "ok"), "Handshake failures", "\(failed) of \(h[path: "checks"].int)",
                 (reasons.isEmpty ? "Every handshake completed." : e(reasons) + ".")
                 + (missed > 0 ? " <strong>\(missed) did not match their expectation.</strong>" : " Every check matched its expectation.")
                 + " \(h[path: "serviceConnectCompatible"].int) Service Connect compatible.")
        }
        // Cost.
        let cost = summary[path: "cost"]
        if !cost[path: "monthly"].isNull {
            let m = cost[path: "monthly"]
            card("", "Private CA a month", "\(HTMLText.money(m[path: "shortLivedUSD"])) vs \(HTMLText.money(m[path: "generalPurposeUSD"]))",
                 "A short-lived versus a general-purpose CA, for this configuration; details below.")
        } else if !cost[path: "window"].isNull {
            let w = cost[path: "window"]
            card("", "Private CA, simulated window", "\(HTMLText.money(w[path: "totalUSD"])) vs \(HTMLText.money(w[path: "alternativeTotalUSD"]))",
                 "\(e(w[path: "mode"])) versus \(e(w[path: "alternativeMode"])); details below.")
        }
        add("</div>")
        // Why blocked.
        let blockedList = summary[path: "blocked"].array
        if !blockedList.isEmpty {
            add("<h3>Blocked services and why</h3>")
            add("<ul>")
            for b in blockedList {
                add("<li><a href=\"#svc-\(anchor(b[path: "service"].string))\">\(e(b[path: "service"]))</a>: "
                    + b[path: "blockedBy"].array.map { "<code>\(e($0.string))</code> (\(e(Explain.blocker($0.string))))" }.joined(separator: "; ") + "</li>")
            }
            add("</ul>")
        }
        add("</section>")
    }

    mutating func card(_ tone: String, _ title: String, _ big: String, _ text: String) {
        add("<div class=\"card \(tone)\"><h3>\(title)</h3><p class=\"big\">\(big)</p><p>\(text)</p></div>")
    }

    func anchor(_ s: String) -> String {
        String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "_" })
    }

    // MARK: since last report

    mutating func sinceSection() {
        let d = report[path: "sinceLastReport"]
        add("<section id=\"since\" aria-labelledby=\"since-h\">")
        add("<h2 id=\"since-h\">Since last report</h2>")
        add("<p>Compared with <code>\(e(d[path: "previous"]))</code>, evaluated at \(e(d[path: "previousEvaluatedAt"])).</p>")
        let added = d[path: "certificatesAdded"].array, removed = d[path: "certificatesRemoved"].array, renewed = d[path: "certificatesRenewed"].array
        let fixed = d[path: "blockersFixed"].array, appeared = d[path: "blockersNew"].array
        add("<table><caption>Changes since the previous report</caption>")
        add("<thead><tr><th scope=\"col\">Change</th><th scope=\"col\" class=\"num\">Count</th><th scope=\"col\">Which</th></tr></thead><tbody>")
        func certs(_ list: [JSON]) -> String {
            list.isEmpty ? "–" : "<ul class=\"tight\">" + list.prefix(50).map {
                "<li>\(e($0[path: "subjectCommonName"])) <span class=\"muted\">(notAfter \(e(HTMLText.day($0[path: "notAfter"].string))), <code>\(e(String($0[path: "sha256"].string.prefix(16))))</code>)</span></li>"
            }.joined() + (list.count > 50 ? "<li>and \(list.count - 50) more (report.json)</li>" : "") + "</ul>"
        }
        func blockers(_ list: [JSON]) -> String {
            list.isEmpty ? "–" : "<ul class=\"tight\">" + list.map {
                "<li>\(e($0[path: "service"])): <code>\(e($0[path: "code"]))</code> <span class=\"muted\">\(e($0[path: "message"]))</span></li>"
            }.joined() + "</ul>"
        }
        add("<tr><th scope=\"row\">Certificates added</th><td class=\"num\">\(added.count)</td><td>\(certs(added))</td></tr>")
        add("<tr><th scope=\"row\">Certificates removed</th><td class=\"num\">\(removed.count)</td><td>\(certs(removed))</td></tr>")
        add("<tr><th scope=\"row\">Certificates renewed</th><td class=\"num\">\(renewed.count)</td><td>"
            + (renewed.isEmpty ? "–" : "<ul class=\"tight\">" + renewed.prefix(50).map {
                "<li>\(e($0[path: "subjectCommonName"])): notAfter \(e(HTMLText.day($0[path: "previousNotAfter"].string))) → \(e(HTMLText.day($0[path: "notAfter"].string)))</li>"
            }.joined() + "</ul>") + "</td></tr>")
        add("<tr><th scope=\"row\">Blockers fixed</th><td class=\"num\">\(fixed.count)</td><td>\(blockers(fixed))</td></tr>")
        add("<tr><th scope=\"row\">Blockers new</th><td class=\"num\">\(appeared.count)</td><td>\(blockers(appeared))</td></tr>")
        add("</tbody></table>")
        add("</section>")
    }
}
