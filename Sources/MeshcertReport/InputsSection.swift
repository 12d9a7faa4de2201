import MeshcertSupport

/// What the report was built from, and every problem met on the way.
extension Page {

    mutating func inputsSection() {
        add("<section id=\"inputs\" aria-labelledby=\"inputs-h\">")
        add("<h2 id=\"inputs-h\">Inputs and problems</h2>")
        add("<table><caption>What this report was built from</caption><thead><tr><th scope=\"col\">Input</th><th scope=\"col\">Value</th></tr></thead><tbody>")
        func list(_ l: [String]) -> String { l.isEmpty ? "–" : l.map { "<code>\(e($0))</code>" }.joined(separator: ", ") }
        func value(_ v: String?) -> String { v.map { "<code>\(e($0))</code>" } ?? "–" }
        let i = report.inputs
        let rows: [(String, String)] = [
            ("certs", list(i.certs)), ("mesh", list(i.mesh)), ("scenario", value(i.scenario)), ("plan", value(i.plan)),
            ("lab", i.lab ? "yes" : "no"), ("previous", value(i.previous)), ("trust", list(i.trust)),
            ("tasksPerService", value(String(i.tasksPerService))), ("pcaArn", value(i.pcaArn)),
        ]
        for (key, text) in rows { add("<tr><th scope=\"row\">\(e(key))</th><td>\(text)</td></tr>") }
        add("</tbody></table>")
        var problems: [String] = report.notes.map { e($0) }
        for err in components.scan?.errors ?? [] {
            problems.append("<code>\(e(err.path))</code>: <code>\(e(err.code))</code> \(e(err.message))")
        }
        for err in components.mesh?.errors ?? [] {
            problems.append("<code>\(e(err.file))</code> \(e(err.field)): \(e(err.message))")
        }
        if problems.isEmpty {
            add("<p>No input problem.</p>")
        } else {
            add("<h3>Problems</h3>")
            add("<ul>" + problems.prefix(200).map { "<li>\($0)</li>" }.joined() + (problems.count > 200 ? "<li>and \(problems.count - 200) more (report.json)</li>" : "") + "</ul>")
        }
        add("</section>")
    }
}
