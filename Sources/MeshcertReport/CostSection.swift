import MeshcertSupport

/// What each Private CA usage mode costs: a month of this configuration, and the simulated window.
extension Page {

    mutating func costSection() {
        add("<section id=\"cost\" aria-labelledby=\"cost-h\">")
        add("<h2 id=\"cost-h\">Cost of both CA modes</h2>")
        let cost = summary[path: "cost"]
        let m = cost[path: "monthly"], w = cost[path: "window"]
        if m.isNull && w.isNull {
            add("<p>No App Mesh configuration and no rotation scenario: nothing to price.</p></section>")
            return
        }
        add("<p>AWS Private CA in GENERAL_PURPOSE mode (what App Mesh used, and what ACM issues from) versus SHORT_LIVED_CERTIFICATE mode "
            + "(what Service Connect recommends: 7-day certificates, no revocation needed).</p>")
        add("<table><caption>Private CA cost by usage mode (USD)</caption>")
        var header = "<thead><tr><th scope=\"col\">CA usage mode</th>"
        if !m.isNull { header += "<th scope=\"col\" class=\"num\">A month, this App Mesh configuration</th>" }
        if !w.isNull { header += "<th scope=\"col\" class=\"num\">Simulated window \(e(HTMLText.day(w[path: "start"].string))) to \(e(HTMLText.day(w[path: "end"].string)))</th><th scope=\"col\" class=\"num\">Certificates issued in the window</th>" }
        add(header + "</tr></thead><tbody>")
        let mesh = components[path: "mesh", "summary", "privateCACost"]
        for (label, meshKey, rotationMode) in [("GENERAL_PURPOSE", "generalPurpose", "GENERAL_PURPOSE"), ("SHORT_LIVED_CERTIFICATE", "shortLived", "SHORT_LIVED")] {
            var line = "<tr><th scope=\"row\">\(label)</th>"
            if !m.isNull {
                let mode = mesh[path: meshKey]
                line += "<td class=\"num\">\(HTMLText.money(mode[path: "totalMonthlyUSD"]))<br><span class=\"muted\">CA \(HTMLText.money(mode[path: "caMonthlyUSD"])) + certificates \(HTMLText.money(mode[path: "certificatesMonthlyUSD"]))</span></td>"
            }
            if !w.isNull {
                let chosen = w[path: "mode"].string == rotationMode
                line += "<td class=\"num\">\(HTMLText.money(chosen ? w[path: "totalUSD"] : w[path: "alternativeTotalUSD"]))\(chosen ? " <span class=\"muted\">(scenario)</span>" : "")</td>"
                line += "<td class=\"num\">\((chosen ? w[path: "certificates"] : w[path: "alternativeCertificates"]).int)</td>"
            }
            add(line + "</tr>")
        }
        add("</tbody></table>")
        if !m.isNull { add("<p class=\"muted\">Prices: \(e(m[path: "prices"])). \(m[path: "services"].int) services, \(m[path: "certificateAuthorities"].int) certificate authorities in the configuration.</p>") }
        add("</section>")
    }
}
