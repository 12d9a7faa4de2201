import Foundation
import MeshcertSupport

/// The rotation timeline (drawn by meshcert rotate) and the figures per service.
extension Page {

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
