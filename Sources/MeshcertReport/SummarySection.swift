import Foundation
import MeshcertSupport

/// The top of the page: one card per question (services, certificates, rotation, handshakes,
/// cost), then the blocked services and why.
extension Page {

    mutating func summarySection() {
        add("<section id=\"summary\" aria-labelledby=\"summary-h\">")
        add("<h2 id=\"summary-h\">Summary</h2>")
        if summary.empty && report.migration == nil {
            add("<div class=\"empty\" role=\"status\"><p><strong>Nothing to report.</strong> The inputs held no App Mesh configuration, "
                + "no certificate, no rotation scenario and no handshake: give <code>--certs DIR</code>, <code>--mesh PATH</code>, "
                + "<code>--scenario FILE</code>, <code>--plan FILE</code> or <code>--lab</code>.</p></div>")
        }
        add("<div class=\"cards\">")
        // Services.
        let s = summary.services
        let total = s.total, ready = s.ready, blocked = s.blocked
        let movable = total - s.gateways - s.notInMesh
        card(blocked > 0 ? "bad" : (movable > 0 ? "ok" : ""), "Services ready",
             movable > 0 ? "\(ready) of \(movable)" : "–",
             movable > 0 ? (blocked > 0 ? "\(blocked) blocked; see below." : "Every App Mesh service can move as it is.")
                         : "No App Mesh virtual node in the inputs.")
        // The blue/green migration (`--aws`).
        if let m = report.migration?.counts {
            card(m.blocked > 0 ? "bad" : (m.migrated == m.total ? "ok" : ""), "Migrated to Service Connect", "\(m.migrated) of \(m.total)",
                 "\(m.shifting) shifting, \(m.greenDeployed) green deployed, \(m.notStarted) not started, \(m.blocked) blocked; see Migration progress.")
        }
        // Certificates.
        let c = summary.certificates
        if c.scanned {
            let expired = c.expired, soon = c.expiringSoon
            var lines = ["\(c.distinct) distinct: \(c.generalPurpose) general purpose, \(c.shortLived) short-lived."]
            if let first = c.nextExpiries.first, expired + soon + c.notYetValid > 0 {
                lines.append("Next: \(e(first.subjectCommonName)) (\(e(first.status.replacingOccurrences(of: "_", with: " "))), \(e(HTMLText.day(first.notAfter)))).")
            }
            if c.unreadableFiles > 0 { lines.append("\(HTMLText.plural(c.unreadableFiles, "file")) could not be read.") }
            card(expired > 0 ? "bad" : (soon > 0 ? "warn" : "ok"), "Certificates expiring",
                 "\(expired) expired, \(soon) soon", lines.joined(separator: " "))
        } else {
            card("", "Certificates expiring", "–", "No certificate folder given (<code>--certs</code>).")
        }
        // Rotation.
        if let r = summary.rotation {
            if let w = r.worst {
                var text = "\(e(w.service)) presented a rejected certificate for \(HTMLText.duration(w.exposedSeconds))"
                if let lw = w.longestWindow {
                    text += "; longest: \(e(lw.kind.replacingOccurrences(of: "_", with: " "))) \(HTMLText.duration(lw.seconds)) from \(e(HTMLText.day(lw.start))) (task \(e(lw.task)))"
                }
                card("bad", "Worst rotation exposure", HTMLText.duration(w.exposedSeconds),
                     text + ". All services: \(HTMLText.duration(r.exposedSeconds)) in \(HTMLText.plural(r.exposureWindows, "window")).")
            } else {
                card("ok", "Worst rotation exposure", "none", "Every task presented a valid, trusted certificate throughout the simulated window.")
            }
        } else {
            card("", "Worst rotation exposure", "–", "No rotation scenario given (<code>--scenario</code>).")
        }
        // Handshakes.
        let h = summary.handshakes
        if h.checks == 0 {
            card("", "Handshake failures", "–", "No handshake run (<code>--plan</code> or <code>--lab</code>).")
        } else {
            let failed = h.failed, missed = h.missedExpectation
            let reasons = h.failureReasons.entries.map { "\($0.key.replacingOccurrences(of: "_", with: " ")) \($0.count)" }.joined(separator: ", ")
            card(missed > 0 ? "bad" : (failed > 0 ? "warn" : "ok"), "Handshake failures", "\(failed) of \(h.checks)",
                 (reasons.isEmpty ? "Every handshake completed." : e(reasons) + ".")
                 + (missed > 0 ? " <strong>\(missed) did not match their expectation.</strong>" : " Every check matched its expectation.")
                 + " \(h.serviceConnectCompatible) Service Connect compatible.")
        }
        // Cost.
        if let m = summary.cost.monthly {
            card("", "Private CA a month", "\(HTMLText.money(m.shortLivedUSD)) vs \(HTMLText.money(m.generalPurposeUSD))",
                 "A short-lived versus a general-purpose CA, for this configuration; details below.")
        } else if let w = summary.cost.window {
            card("", "Private CA, simulated window", "\(HTMLText.money(w.totalUSD)) vs \(HTMLText.money(w.alternativeTotalUSD))",
                 "\(e(w.mode)) versus \(e(w.alternativeMode)); details below.")
        }
        add("</div>")
        // Why blocked.
        if !summary.blocked.isEmpty {
            add("<h3>Blocked services and why</h3>")
            add("<ul>")
            for b in summary.blocked {
                add("<li><a href=\"#svc-\(anchor(b.service))\">\(e(b.service))</a>: "
                    + b.blockedBy.map { "<code>\(e($0))</code> (\(e(Explain.blocker($0))))" }.joined(separator: "; ") + "</li>")
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
