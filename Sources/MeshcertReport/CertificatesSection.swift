import Foundation
import MeshcertSupport

/// The inventory: expiry timeline and the certificates by expiry.
extension Page {

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
            add("<thead><tr><th scope=\"col\" style=\"width:19%\">Subject CN</th><th scope=\"col\" class=\"w\">Status</th><th scope=\"col\" class=\"w\">Not after</th>"
                + "<th scope=\"col\" class=\"w\">Mode</th><th scope=\"col\" class=\"w\">Key</th><th scope=\"col\" class=\"w\">Chain</th><th scope=\"col\" style=\"width:24%\">Files</th><th scope=\"col\" style=\"width:14%\">Findings</th></tr></thead><tbody>")
            for cert in certs.prefix(limit) {
                let st = cert[path: "status"].string
                let tone = st == "expired" || st == "not_yet_valid" ? "bad" : (st == "expiring_soon" ? "warn" : "ok")
                let key = cert[path: "keyType"].string + " " + (cert[path: "curve"].stringValue ?? "\(cert[path: "keyBits"].int)")
                let chain = cert[path: "chain"]
                let chainText = chain[path: "trusted"].isNull ? (chain[path: "complete"].bool ? "complete" : "incomplete")
                    : (chain[path: "trusted"].bool ? "trusted" : "<span class=\"bad\">untrusted</span>")
                let files = cert[path: "locations"].array
                let fileText = files.prefix(3).map { "<code>\(e($0[path: "path"]))</code>" }.joined(separator: "<br>") + (files.count > 3 ? "<br>and \(files.count - 3) more" : "")
                let findings = cert[path: "findings"].array.map { codeHTML($0[path: "code"].string) }.joined(separator: " ")
                add("<tr><th scope=\"row\">\(e(cert[path: "subjectCommonName"]))\(cert[path: "isCA"].bool ? " <span class=\"muted\">(CA)</span>" : "")</th>"
                    + "<td class=\"w\"><span class=\"\(tone)\">\(e(st.replacingOccurrences(of: "_", with: " ")))</span></td><td class=\"w\">\(e(HTMLText.day(cert[path: "notAfter"].string)))</td>"
                    + "<td class=\"w\">\(e(cert[path: "usageMode"].stringValue ?? "CA"))</td><td class=\"w\">\(e(key))</td><td class=\"w\">\(chainText)</td><td>\(fileText)</td><td>\(findings.isEmpty ? "–" : findings)</td></tr>")
            }
            add("</tbody></table>")
        }
        add("</section>")
    }
}
