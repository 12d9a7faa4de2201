import Foundation
import MeshcertSupport

/// The rotation timeline (drawn by meshcert rotate) and the figures per service.
extension Page {

    mutating func rotationSection() {
        add("<section id=\"rotation\" aria-labelledby=\"rotation-h\">")
        add("<h2 id=\"rotation-h\">Rotation</h2>")
        guard let rot = components.rotation else {
            add("<p>No rotation scenario was simulated (<code>--scenario FILE</code>).</p></section>")
            return
        }
        let scenario = rot.scenario
        add("<p>Scenario <code>\(e(scenario.file))</code>: \(e(scenario.mode.rawValue)) CA, certificates of \(HTMLText.duration(scenario.lifetimeSeconds)) "
            + "renewed at \(HTMLText.duration(scenario.renewAtSeconds)), simulated from \(e(HTMLText.day(scenario.start.description))) "
            + "to \(e(HTMLText.day(scenario.end.description))).</p>")
        for w in rot.warnings { add("<p class=\"warn\">\(e(w))</p>") }
        let description: String
        if let r = summary.rotation, let w = r.worst {
            description = "Exposure in all: \(HTMLText.duration(r.exposedSeconds)) in \(r.exposureWindows) windows; "
                + "the most exposed service is \(w.service ?? "") (\(HTMLText.duration(w.exposedSeconds)))."
        } else {
            description = "No task presented an expired, not yet valid or untrusted certificate."
        }
        if let svg = report.charts.rotationTimelineSvg.flatMap(HTMLText.safeSVG) {
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
        func d(_ v: Int64) -> String { v == 0 ? "–" : HTMLText.duration(v) }
        for s in rot.services {
            let lw = ReportSummary.longestWindow(s).map {
                "\(e($0.kind.replacingOccurrences(of: "_", with: " "))) \(HTMLText.duration($0.seconds)) from \(e(HTMLText.day($0.start))) (\(e($0.task)))"
            } ?? "–"
            let exposed = s.exposedSeconds > 0
            add("<tr><th scope=\"row\">\(e(s.name))</th><td class=\"num\">\(s.tasks)</td><td class=\"num\">\(s.issuances)</td>"
                + "<td class=\"num\">\(s.failedRequests)</td><td class=\"num\(exposed ? " bad" : "")\">\(d(s.expiredSeconds))</td>"
                + "<td class=\"num\">\(d(s.notYetValidSeconds))</td><td class=\"num\">\(d(s.untrustedSeconds))</td>"
                + "<td class=\"num\">\(s.minMarginSeconds.map(HTMLText.duration) ?? "–")</td><td>\(lw)</td></tr>")
        }
        add("</tbody></table>")
        add("</section>")
    }
}
