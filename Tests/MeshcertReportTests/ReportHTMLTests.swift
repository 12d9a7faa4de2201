import MeshcertHandshake
@testable import MeshcertReport
import MeshcertSupport
import Testing

@Suite struct ReportHTMLTests {
    @Test func namesFromTheInputsAreEscaped() {
        let hostile = "<script>alert(1)</script>"
        let report = ReportBuilder.build(ReportInputs(
            evaluatedAt: Fixtures.at,
            scan: Fixtures.scan([Fixtures.certificate(hostile, sha: "x1", notAfter: "2027-01-01T00:00:00Z", path: "\"><img src=x>.pem")]),
            mesh: Fixtures.mesh([Fixtures.node(hostile, ready: false, blockers: ["mtls_server"])])))
        let html = ReportHTML.render(report)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    /// A plan check's warnings reach the JSON row and the page (once per server), with the
    /// chain's earliest expiry.
    @Test func handshakeWarningsAreShown() throws {
        var check = Fixtures.check("frontend->users", target: "127.0.0.1:8443", serverName: "users.sc.internal", reason: "ok", expected: "ok")
        check.warnings = [HandshakeWarning(code: HandshakeWarning.chainExpiringSoon, detail: "'CN=Issuing CA' expires <soon>")]
        let report = ReportBuilder.build(ReportInputs(evaluatedAt: Fixtures.at, handshake: Fixtures.plan([check, check])))
        #expect(report.handshakes.first?.warnings == ["chain_expiring_soon: 'CN=Issuing CA' expires <soon>"])
        let html = ReportHTML.render(report)
        #expect(html.contains("<h3>Warnings</h3>"))
        #expect(html.components(separatedBy: "chain_expiring_soon: &#39;CN=Issuing CA&#39; expires &lt;soon&gt;").count == 2
                || html.components(separatedBy: "chain_expiring_soon: 'CN=Issuing CA' expires &lt;soon&gt;").count == 2)
    }

    @Test func onlyPlainSVGIsEmbedded() {
        #expect(HTMLText.safeSVG("<svg viewBox=\"0 0 1 1\"><rect/></svg>") != nil)
        #expect(HTMLText.safeSVG("<svg><script>x</script></svg>") == nil)
        #expect(HTMLText.safeSVG("<svg onload=\"x()\"></svg>") == nil)
        #expect(HTMLText.safeSVG("<svg><image href=\"http://e.example/a.png\"/></svg>") == nil)
        #expect(HTMLText.safeSVG("<svg><rect style=\"fill:url(http://e.example/#a)\"/></svg>") == nil)
        #expect(HTMLText.safeSVG("<p>not svg</p>") == nil)
    }

    @Test func moneyAndDurationsReadWell() {
        #expect(HTMLText.money(1234.5) == "$1,234.50")
        #expect(HTMLText.money(0.058) == "$0.06")
        #expect(HTMLText.money(nil) == "–")
        #expect(HTMLText.duration(-43200) == "−12h")
        #expect(HTMLText.day("2026-12-08T00:00:00Z") == "2026-12-08")
        #expect(HTMLText.day("2026-12-08T12:00:00Z") == "2026-12-08 12:00:00Z")
    }

    @Test func chartsHaveTextAlternatives() {
        let certs = (0..<40).map { i in
            Fixtures.certificate("c\(i)", sha: "s\(i)", notAfter: Timestamp.format(Fixtures.at + Int64(i) * 86400), path: "p\(i).pem")
        }
        let html = ReportHTML.render(ReportBuilder.build(ReportInputs(evaluatedAt: Fixtures.at, scan: Fixtures.scan(certs))))
        #expect(html.contains("<svg role=\"img\" aria-labelledby=\"expiry-title expiry-desc\""))
        #expect(html.contains("<desc id=\"expiry-desc\">40 distinct certificates"))
        #expect(html.contains("The 30 that expire first are drawn"))
        // 30 bars drawn, 40 rows in the table.
        #expect(html.components(separatedBy: "<rect ").count - 1 == 30)
        // (Certificate rows only: the inputs table has a `certs` row too.)
        #expect((0..<40).filter { html.contains("<tr><th scope=\"row\">c\($0)</th>") }.count == 40)
        #expect(!html.contains("<tr><th scope=\"row\">c40</th>"))
    }
}
