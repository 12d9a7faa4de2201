import Foundation
import MeshcertSupport

/// The top of the page: one card per question (services, certificates, rotation, handshakes,
/// cost), then the blocked services and why.
extension Page {

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
}
