import MeshcertSupport

/// "Since last report": certificates added, removed and renewed, blockers fixed and new.
extension Page {

    mutating func sinceSection(_ d: SinceLastReport) {
        add("<section id=\"since\" aria-labelledby=\"since-h\">")
        add("<h2 id=\"since-h\">Since last report</h2>")
        add("<p>Compared with <code>\(e(d.previous))</code>, evaluated at \(e(d.previousEvaluatedAt.description)).</p>")
        let added = d.certificatesAdded, removed = d.certificatesRemoved, renewed = d.certificatesRenewed
        let fixed = d.blockersFixed, appeared = d.blockersNew
        add("<table><caption>Changes since the previous report</caption>")
        add("<thead><tr><th scope=\"col\">Change</th><th scope=\"col\" class=\"num\">Count</th><th scope=\"col\">Which</th></tr></thead><tbody>")
        func certs(_ list: [SinceLastReport.Certificate]) -> String {
            list.isEmpty ? "–" : "<ul class=\"tight\">" + list.prefix(50).map {
                "<li>\(e($0.subjectCommonName)) <span class=\"muted\">(notAfter \(e(HTMLText.day($0.notAfter))), <code>\(e(String($0.sha256.prefix(16))))</code>)</span></li>"
            }.joined() + (list.count > 50 ? "<li>and \(list.count - 50) more (report.json)</li>" : "") + "</ul>"
        }
        func blockers(_ list: [SinceLastReport.Blocker]) -> String {
            list.isEmpty ? "–" : "<ul class=\"tight\">" + list.map {
                "<li>\(e($0.service)): \(codeHTML($0.code)) <span class=\"muted\">\(e($0.message))</span></li>"
            }.joined() + "</ul>"
        }
        add("<tr><th scope=\"row\">Certificates added</th><td class=\"num\">\(added.count)</td><td>\(certs(added))</td></tr>")
        add("<tr><th scope=\"row\">Certificates removed</th><td class=\"num\">\(removed.count)</td><td>\(certs(removed))</td></tr>")
        add("<tr><th scope=\"row\">Certificates renewed</th><td class=\"num\">\(renewed.count)</td><td>"
            + (renewed.isEmpty ? "–" : "<ul class=\"tight\">" + renewed.prefix(50).map {
                "<li>\(e($0.subjectCommonName)): notAfter \(e(HTMLText.day($0.previousNotAfter))) → \(e(HTMLText.day($0.notAfter)))</li>"
            }.joined() + "</ul>") + "</td></tr>")
        add("<tr><th scope=\"row\">Blockers fixed</th><td class=\"num\">\(fixed.count)</td><td>\(blockers(fixed))</td></tr>")
        add("<tr><th scope=\"row\">Blockers new</th><td class=\"num\">\(appeared.count)</td><td>\(blockers(appeared))</td></tr>")
        add("</tbody></table>")
        add("</section>")
    }
}
