import MeshcertAWS
import MeshcertSupport

/// "Migration progress" (`--aws DIR`): a bar per service (its state and green's share of the
/// traffic), the blockers with their fixes, the Private CAs and their list price.
extension Page {

    mutating func migrationSection(_ m: MigrationDocument) {
        add("<section id=\"migration\" aria-labelledby=\"migration-h\">")
        add("<h2 id=\"migration-h\">Migration progress</h2>")
        let c = m.counts
        add("<p>From the AWS snapshot taken \(e(m.snapshot.takenAt?.description)) (<code>meshcert aws status</code>): \(HTMLText.plural(c.total, "service")), "
            + "\(c.migrated) migrated, \(c.shifting) shifting, \(c.greenDeployed) green deployed, \(c.notStarted) not started, "
            + "<span class=\"\(c.blocked > 0 ? "bad" : "ok")\">\(c.blocked) blocked</span>.</p>")
        if m.services.isEmpty {
            add("<p>The snapshot holds no App Mesh virtual node and no Service Connect service.</p>")
        } else {
            add("<table><caption>Each service's state and the share of its traffic on the Service Connect (green) side</caption>")
            add("<thead><tr><th scope=\"col\" style=\"width:14%\">Service</th><th scope=\"col\" style=\"width:14%\">State</th>"
                + "<th scope=\"col\" style=\"width:22%\">Green share</th><th scope=\"col\">App Mesh (blue)</th><th scope=\"col\">Service Connect (green)</th></tr></thead><tbody>")
            for s in m.services { migrationRow(s) }
            add("</tbody></table>")
        }

        let blocked = m.services.filter { !$0.blockers.isEmpty }
        if !blocked.isEmpty {
            add("<h3>What blocks the migration, and the fixes</h3>")
            add("<table><caption>Every blocker of the migration, with what to do about it</caption>")
            add("<thead><tr><th scope=\"col\" style=\"width:14%\">Service</th><th scope=\"col\" style=\"width:16%\">Code</th><th scope=\"col\">What</th><th scope=\"col\">Fix</th></tr></thead><tbody>")
            for s in blocked {
                for b in s.blockers {
                    add("<tr><th scope=\"row\">\(e(s.name))</th><td>\(codeHTML(b.code.rawValue))</td><td>\(e(b.message))</td><td>\(e(b.fix))</td></tr>")
                }
            }
            add("</tbody></table>")
        }

        if !m.traffic.isEmpty {
            add("<h3>Traffic split</h3>")
            add("<table><caption>Weighted entry points (Route 53 records, ALB forward actions)</caption>")
            add("<thead><tr><th scope=\"col\">Entry point</th><th scope=\"col\">Source</th><th scope=\"col\" class=\"num\">Green share</th><th scope=\"col\">Sets (weight, share)</th></tr></thead><tbody>")
            for t in m.traffic {
                let sets = t.sets.map { "\(e($0.id))\($0.green ? " <span class=\"ok\">green</span>" : "") \($0.weight) (\(percent($0.share)))" }
                add("<tr><th scope=\"row\">\(e(t.name))</th><td>\(e(t.source))</td><td class=\"num\">\(percent(t.greenShare))</td><td>\(sets.joined(separator: "<br>"))</td></tr>")
            }
            add("</tbody></table>")
        }

        if !m.privateCAs.isEmpty {
            add("<h3>Private CAs</h3>")
            add("<table><caption>The account's Private CAs and their monthly list price (USD)</caption>")
            add("<thead><tr><th scope=\"col\">CA</th><th scope=\"col\">Status</th><th scope=\"col\">Usage mode</th><th scope=\"col\">Key</th>"
                + "<th scope=\"col\">Not after</th><th scope=\"col\">Used by</th><th scope=\"col\" class=\"num\">A month</th></tr></thead><tbody>")
            for ca in m.privateCAs {
                let used = ca.usedByGreen.map { "\(e($0)) (green)" } + ca.usedByBlue.map { "\(e($0)) (blue)" }
                add("<tr><th scope=\"row\"><code>\(e(String(ca.arn.split(separator: "/").last ?? Substring(ca.arn))))</code></th>"
                    + "<td class=\"\(ca.status == "ACTIVE" ? "" : "bad")\">\(e(ca.status))</td><td>\(e(ca.usageMode))</td><td>\(e(ca.keyAlgorithm))</td>"
                    + "<td>\(e(ca.notAfter.map { HTMLText.day($0.description) }))</td><td>\(used.isEmpty ? "–" : used.joined(separator: ", "))</td>"
                    + "<td class=\"num\">\(HTMLText.money(ca.monthlyListPriceUSD))</td></tr>")
            }
            add("<tr><th scope=\"row\" colspan=\"6\">In all</th><td class=\"num\">\(HTMLText.money(m.privateCAMonthlyUSD))</td></tr>")
            add("</tbody></table>")
        }
        add("</section>")
    }

    mutating func migrationRow(_ s: MigrationService) {
        let tone: String
        switch s.state {
        case .blocked: tone = "bad"
        case .migrated: tone = "ok"
        case .notStarted: tone = "muted"
        case .shifting, .greenDeployed: tone = "warn"
        }
        var state = "<span class=\"badge \(tone)\">\(e(s.state.rawValue.replacingOccurrences(of: "_", with: " ").uppercased()))</span>"
        if !s.findings.isEmpty { state += "<br>" + s.findings.map { codeHTML($0.code.rawValue) }.joined(separator: "<br>") }
        // Green's share: the entry point's split, else all (blue gone) or none (green not there yet).
        let share = s.greenShare ?? (s.state == .migrated ? 1 : 0)
        let width = 160.0, filled = (share * width).rounded()
        let label = s.greenShare == nil ? (s.green == nil ? "no green copy" : (s.blue == nil ? "blue gone" : "no weighted entry point")) : "green \(percent(share))"
        let bar = "<svg width=\"\(Int(width))\" height=\"14\" viewBox=\"0 0 \(Int(width)) 14\" role=\"img\" aria-label=\"\(e(label))\">"
            + "<rect width=\"\(Int(width))\" height=\"14\" fill=\"#d0d7de\"/><rect width=\"\(Int(filled))\" height=\"14\" fill=\"#1a7f37\"/></svg>"
            + "<br><span class=\"muted\">\(e(label))\(s.entryPoints.isEmpty ? "" : " at " + s.entryPoints.map(e).joined(separator: ", "))</span>"
        var blue = "<span class=\"muted\">gone</span>"
        if let b = s.blue {
            var parts = [e(b.virtualNodes.joined(separator: ", ")) + " <span class=\"muted\">mesh \(e(b.mesh))</span>"]
            let modes = Set(b.listeners.map { l in (l.tlsMode ?? "no TLS") + (l.certificateSource.map { " (\($0))" } ?? "") })
            parts.append(e(modes.sorted().joined(separator: ", ")))
            if b.mtlsServer || b.mtlsClient { parts.append("<strong>mutual TLS</strong>") }
            if !b.ecsServices.isEmpty { parts.append("\(b.runningCount) task(s) running") }
            blue = parts.joined(separator: "<br>")
        }
        var green = "<span class=\"muted\">not deployed</span>"
        if let g = s.green {
            var parts = ["<code>\(e(g.cluster ?? "?"))/\(e(g.service))</code>", g.tls ? "TLS" : "<span class=\"bad\">no TLS</span>"]
            if let ca = g.certificateAuthority { parts.append(e(ca.usageMode ?? "CA not in the snapshot") + (ca.keyAlgorithm.map { ", \(e($0))" } ?? "")) }
            parts.append("\(g.runningCount) of \(g.desiredCount) running")
            if let p = g.inProgress { parts.append("<span class=\"muted\">rolling out: \(p.runningCount) of \(p.desiredCount)</span>") }
            green = parts.joined(separator: "<br>")
        }
        add("<tr><th scope=\"row\">\(e(s.name))</th><td>\(state)</td><td>\(bar)</td><td>\(blue)</td><td>\(green)</td></tr>")
    }

    func percent(_ share: Double) -> String { MigrationTable.percent(share) }
}
