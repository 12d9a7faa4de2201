import MeshcertSupport

/// What the report was built from, and every problem met on the way.
extension Page {

    mutating func inputsSection() {
        add("<section id=\"inputs\" aria-labelledby=\"inputs-h\">")
        add("<h2 id=\"inputs-h\">Inputs and problems</h2>")
        add("<table><caption>What this report was built from</caption><thead><tr><th scope=\"col\">Input</th><th scope=\"col\">Value</th></tr></thead><tbody>")
        for (key, value) in report[path: "inputs"].fields {
            let text: String
            if let list = value.arrayValue { text = list.isEmpty ? "–" : list.map { "<code>\(e($0.string))</code>" }.joined(separator: ", ") }
            else if case .bool(let b) = value { text = b ? "yes" : "no" }
            else { text = value.isNull ? "–" : "<code>\(e(value))</code>" }
            add("<tr><th scope=\"row\">\(e(key))</th><td>\(text)</td></tr>")
        }
        add("</tbody></table>")
        var problems: [String] = report[path: "notes"].array.map { e($0.string) }
        for err in components[path: "scan", "errors"].array {
            problems.append("<code>\(e(err[path: "path"]))</code>: <code>\(e(err[path: "code"]))</code> \(e(err[path: "message"]))")
        }
        for err in components[path: "mesh", "errors"].array {
            problems.append("<code>\(e(err[path: "file"]))</code> \(e(err[path: "field"])): \(e(err[path: "message"]))")
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
