import Foundation
import MeshcertSupport

/// Renders a report document as one self-contained page: inline CSS and SVG,
/// no script, nothing fetched. Real tables (caption, th with scope), headings in order, a text
/// alternative for every chart, readable at 1280 px without horizontal scrolling, printable.
public enum ReportHTML {
    public static func render(_ report: ReportDocument) -> String {
        var page = Page(report: report)
        page.build()
        return page.out.joined(separator: "\n") + "\n"
    }
}

struct Page {
    let report: ReportDocument
    var out: [String] = []
    /// The embedded component documents, as report.json holds them.
    var components: ReportComponents { report.components }

    mutating func add(_ s: String) { out.append(s) }
    func e(_ s: String) -> String { HTMLText.escape(s) }
    /// A finding or reason code, breakable after its underscores in narrow columns.
    func codeHTML(_ code: String) -> String { "<code>" + e(code).replacingOccurrences(of: "_", with: "_<wbr>") + "</code>" }
    /// An absent value reads as a dash.
    func e(_ s: String?) -> String { s.map(HTMLText.escape) ?? "–" }

    var summary: ReportSummary { report.summary }
    var services: [ServiceRow] { report.services }
    var handshakes: [HandshakeRow] { report.handshakes }
    var evaluatedAt: String { report.evaluatedAt.description }

    mutating func build() {
        add("<!DOCTYPE html>")
        add("<html lang=\"en\">")
        add("<head>")
        add("<meta charset=\"utf-8\">")
        add("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        add("<meta name=\"generator\" content=\"\(e(report.generator))\">")
        add("<title>Migration readiness report (\(e(evaluatedAt)))</title>")
        add("<style>\n\(ReportStyle.css)\n</style>")
        add("</head>")
        add("<body>")
        add("<a class=\"skip\" href=\"#summary\">Skip to the summary</a>")
        add("<header>")
        add("<h1>App Mesh to ECS Service Connect: migration readiness</h1>")
        add("<p class=\"meta\">Evaluated at <time datetime=\"\(e(evaluatedAt))\">\(e(evaluatedAt))</time> by \(e(report.generator)). "
            + "Data: <code>report.json</code> next to this page (schema <code>\(e(report.schema))</code>).</p>")
        var sections = [("summary", "Summary")]
        if report.sinceLastReport != nil { sections.append(("since", "Since last report")) }
        if report.migration != nil { sections.append(("migration", "Migration progress")) }
        sections += [("services", "Services"), ("certificates", "Certificate expiry"), ("rotation", "Rotation"),
                     ("handshakes", "Handshakes"), ("cost", "Cost of both CA modes"), ("inputs", "Inputs and problems")]
        add("<nav aria-label=\"Sections\"><ul>" + sections.map { "<li><a href=\"#\($0.0)\">\($0.1)</a></li>" }.joined() + "</ul></nav>")
        add("</header>")
        add("<main>")
        summarySection()
        if let since = report.sinceLastReport { sinceSection(since) }
        if let migration = report.migration { migrationSection(migration) }
        servicesSection()
        certificatesSection()
        rotationSection()
        handshakesSection()
        costSection()
        inputsSection()
        add("</main>")
        add("<footer><p>meshcert report: App Mesh configuration (<code>meshcert mesh</code>), certificate inventory (<code>meshcert scan</code>), "
            + "rotation simulation (<code>meshcert rotate</code>) and handshakes (<code>meshcert handshake</code>, <code>meshcert lab</code>) on one page. "
            + "Prices are list prices from one editable table; check them against your Region.</p></footer>")
        add("</body>")
        add("</html>")
    }
}
