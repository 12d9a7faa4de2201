import Foundation
import MeshcertSupport

/// The inventory: expiry timeline and the certificates by expiry.
extension Page {

    mutating func certificatesSection() {
        add("<section id=\"certificates\" aria-labelledby=\"certificates-h\">")
        add("<h2 id=\"certificates-h\">Certificate expiry</h2>")
        guard let scan = components.scan else {
            add("<p>No certificate folder was scanned (<code>--certs DIR</code>).</p></section>")
            return
        }
        let certs = scan.certificates
        if certs.isEmpty {
            add("<p>The scan found no certificate in \(e(report.inputs.certs.joined(separator: ", "))).</p>")
        } else {
            let c = summary.certificates
            let at = report.evaluatedAt.seconds
            let description = "\(certs.count) distinct certificates; \(c.expired) expired, \(c.expiringSoon) expiring soon, "
                + "\(c.notYetValid) not yet valid at \(evaluatedAt). "
                + (certs.count > ExpiryChart.limit ? "The \(ExpiryChart.limit) that expire first are drawn; the table lists them all. " : "")
                + "Each bar runs from notBefore to notAfter; the dashed line is the evaluation time."
            add("<figure>")
            add(ExpiryChart.svg(certificates: certs, evaluatedAt: at, titleID: "expiry-title", descID: "expiry-desc", description: description))
            add("<figcaption>\(e(description)) Green valid, amber expiring soon, red expired, purple not yet valid, grey certificate authorities.</figcaption>")
            add("</figure>")
            let limit = 300
            add("<table><caption>Certificates by expiry\(certs.count > limit ? " (the first \(limit) of \(certs.count); report.json has all)" : "")</caption>")
            add("<thead><tr><th scope=\"col\" style=\"width:19%\">Subject CN</th><th scope=\"col\" class=\"w\">Status</th><th scope=\"col\" class=\"w\">Not after</th>"
                + "<th scope=\"col\" class=\"w\">Mode</th><th scope=\"col\" class=\"w\">Key</th><th scope=\"col\" class=\"w\">Chain</th><th scope=\"col\" style=\"width:24%\">Files</th><th scope=\"col\" style=\"width:14%\">Findings</th></tr></thead><tbody>")
            for cert in certs.prefix(limit) {
                let st = cert.status.rawValue
                let tone = st == "expired" || st == "not_yet_valid" ? "bad" : (st == "expiring_soon" ? "warn" : "ok")
                let key = cert.keyType + " " + (cert.curve ?? "\(cert.keyBits)")
                let chainText = cert.chain.trusted.map { $0 ? "trusted" : "<span class=\"bad\">untrusted</span>" }
                    ?? (cert.chain.complete ? "complete" : "incomplete")
                let files = cert.locations
                let fileText = files.prefix(3).map { "<code>\(e($0.path))</code>" }.joined(separator: "<br>") + (files.count > 3 ? "<br>and \(files.count - 3) more" : "")
                let findings = cert.findings.map { codeHTML($0.code) }.joined(separator: " ")
                add("<tr><th scope=\"row\">\(e(cert.subjectCommonName))\(cert.isCA ? " <span class=\"muted\">(CA)</span>" : "")</th>"
                    + "<td class=\"w\"><span class=\"\(tone)\">\(e(st.replacingOccurrences(of: "_", with: " ")))</span></td><td class=\"w\">\(e(HTMLText.day(cert.notAfter.description)))</td>"
                    + "<td class=\"w\">\(e(cert.usageMode?.rawValue ?? "CA"))</td><td class=\"w\">\(e(key))</td><td class=\"w\">\(chainText)</td><td>\(fileText)</td><td>\(findings.isEmpty ? "–" : findings)</td></tr>")
            }
            add("</tbody></table>")
        }
        add("</section>")
    }
}
