import MeshcertSupport

/// What each Private CA usage mode costs: a month of this configuration, and the simulated window.
extension Page {

    mutating func costSection() {
        add("<section id=\"cost\" aria-labelledby=\"cost-h\">")
        add("<h2 id=\"cost-h\">Cost of both CA modes</h2>")
        let m = summary.cost.monthly, w = summary.cost.window
        if m == nil && w == nil {
            add("<p>No App Mesh configuration and no rotation scenario: nothing to price.</p></section>")
            return
        }
        add("<p>AWS Private CA in GENERAL_PURPOSE mode (what App Mesh used, and what ACM issues from) versus SHORT_LIVED_CERTIFICATE mode "
            + "(what Service Connect recommends: 7-day certificates, no revocation needed).</p>")
        add("<table><caption>Private CA cost by usage mode (USD)</caption>")
        var header = "<thead><tr><th scope=\"col\">CA usage mode</th>"
        if m != nil { header += "<th scope=\"col\" class=\"num\">A month, this App Mesh configuration</th>" }
        if let w { header += "<th scope=\"col\" class=\"num\">Simulated window \(e(HTMLText.day(w.start))) to \(e(HTMLText.day(w.end)))</th><th scope=\"col\" class=\"num\">Certificates issued in the window</th>" }
        add(header + "</tr></thead><tbody>")
        let mesh = components.mesh?.summary.privateCACost
        for (label, meshKey, rotationMode) in [("GENERAL_PURPOSE", "generalPurpose", "GENERAL_PURPOSE"), ("SHORT_LIVED_CERTIFICATE", "shortLived", "SHORT_LIVED")] {
            var line = "<tr><th scope=\"row\">\(label)</th>"
            if m != nil {
                let mode = meshKey == "generalPurpose" ? mesh?.generalPurpose : mesh?.shortLived
                line += "<td class=\"num\">\(HTMLText.money(mode?.totalMonthlyUSD))<br><span class=\"muted\">CA \(HTMLText.money(mode?.caMonthlyUSD)) + certificates \(HTMLText.money(mode?.certificatesMonthlyUSD))</span></td>"
            }
            if let w {
                let chosen = w.mode == rotationMode
                line += "<td class=\"num\">\(HTMLText.money(chosen ? w.totalUSD : w.alternativeTotalUSD))\(chosen ? " <span class=\"muted\">(scenario)</span>" : "")</td>"
                line += "<td class=\"num\">\(chosen ? w.certificates : w.alternativeCertificates)</td>"
            }
            add(line + "</tr>")
        }
        add("</tbody></table>")
        if let m { add("<p class=\"muted\">Prices: \(e(m.prices)). \(m.services) services, \(m.certificateAuthorities) certificate authorities in the configuration.</p>") }
        add("</section>")
    }
}
