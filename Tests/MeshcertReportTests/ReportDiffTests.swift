@testable import MeshcertReport
import MeshcertSupport
import Testing

@Suite struct ReportDiffTests {
    @Test func certificatesAddedRemovedRenewedAndBlockersFixedOrNew() throws {
        let old = ReportBuilder.build(ReportInputs(
            evaluatedAt: Fixtures.at,
            scan: Fixtures.scan([
                Fixtures.certificate("users.sc.internal", sha: "u1", notAfter: "2026-12-08T00:00:00Z", dns: ["users.sc.internal"], path: "a.pem"),
                Fixtures.certificate("gone", sha: "g1", notAfter: "2027-01-01T00:00:00Z", path: "g.pem"),
            ]),
            mesh: Fixtures.mesh([Fixtures.node("users", ready: false, blockers: ["mtls_server"]), Fixtures.node("stock", ready: true)])))
        let new = ReportBuilder.build(ReportInputs(
            evaluatedAt: Fixtures.at + 86400,
            scan: Fixtures.scan([
                Fixtures.certificate("users.sc.internal", sha: "u2", notAfter: "2026-12-13T00:00:00Z", dns: ["users.sc.internal"], path: "a.pem"),
                Fixtures.certificate("fresh", sha: "f1", notAfter: "2027-02-01T00:00:00Z", path: "f.pem"),
            ]),
            mesh: Fixtures.mesh([Fixtures.node("users", ready: true), Fixtures.node("stock", ready: false, blockers: ["mtls_client"])])),
            previous: old, previousPath: "old")
        let d = Fixtures.json(new)[path: "sinceLastReport"]
        #expect(d[path: "previous"].string == "old")
        #expect(d[path: "previousEvaluatedAt"].string == "2026-12-02T00:00:00Z")
        #expect(d[path: "certificatesAdded"].array.map { $0[path: "sha256"].string } == ["f1"])
        #expect(d[path: "certificatesRemoved"].array.map { $0[path: "sha256"].string } == ["g1"])
        let renewed = try #require(d[path: "certificatesRenewed"].array.first)
        #expect(renewed[path: "previousSha256"].string == "u1" && renewed[path: "sha256"].string == "u2")
        #expect(renewed[path: "previousNotAfter"].string == "2026-12-08T00:00:00Z")
        #expect(d[path: "blockersFixed"].array.map { $0[path: "service"].string + "/" + $0[path: "code"].string } == ["users/mtls_server"])
        #expect(d[path: "blockersNew"].array.map { $0[path: "service"].string + "/" + $0[path: "code"].string } == ["stock/mtls_client"])
        let html = ReportHTML.render(new)
        #expect(html.contains("id=\"since\""))
        #expect(html.contains("Blockers fixed"))
    }

    @Test func aReportComparedWithItselfHasNoChanges() {
        let report = ReportBuilder.build(ReportInputs(evaluatedAt: Fixtures.at, scan: Fixtures.scan([
            Fixtures.certificate("a", sha: "a1", notAfter: "2027-01-01T00:00:00Z", path: "a.pem")])))
        let d = Fixtures.json(ReportBuilder.build(ReportInputs(evaluatedAt: Fixtures.at, scan: report.components.scan), previous: report))[path: "sinceLastReport"]
        for key in ["certificatesAdded", "certificatesRemoved", "certificatesRenewed", "blockersFixed", "blockersNew"] {
            #expect(d[path: key].array.isEmpty, "\(key)")
        }
    }
}
