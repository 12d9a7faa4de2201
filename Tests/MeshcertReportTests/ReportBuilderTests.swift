import MeshcertAppMesh
import MeshcertHandshake
import MeshcertInventory
import MeshcertRotation
@testable import MeshcertReport
import MeshcertSupport
import Testing

@Suite struct ReportBuilderTests {
    func demoInputs() -> ReportInputs {
        let certs = [
            Fixtures.certificate("users.sc.internal", sha: "aa", notAfter: "2026-12-08T00:00:00Z", status: "valid", dns: ["users.sc.internal", "users"],
                                 path: "c/users-sl.pem", mode: "SHORT_LIVED"),
            Fixtures.certificate("users.apps.local", sha: "bb", notAfter: "2027-07-01T00:00:00Z", dns: ["users.apps.local"], path: "c/users.pem"),
            Fixtures.certificate("frontend-client", sha: "cc", notAfter: "2026-11-30T00:00:00Z", status: "expired", path: "c/frontend-client.pem",
                                 findings: ["mtls_client_certificate", "expired"]),
            Fixtures.certificate("Root CA", sha: "dd", notAfter: "2035-01-01T00:00:00Z", path: "c/root.pem", isCA: true, mode: nil),
        ]
        let linked = Fixtures.linked(file: "c/users.pem", role: "presented", context: "listener 8080", configuredPath: "/etc/envoy/users.pem")
        let nodes = [
            Fixtures.node("frontend", ready: false, blockers: ["mtls_client"]),
            Fixtures.node("users", ready: false, blockers: ["mtls_server"], certificates: [linked]),
            Fixtures.node("stock", ready: true),
        ]
        return ReportInputs(
            evaluatedAt: Fixtures.at, sources: ReportSources(certs: ["c"]),
            scan: Fixtures.scan(certs), mesh: Fixtures.mesh(nodes),
            rotation: Fixtures.rotation([("frontend", 0), ("users", 3600), ("stock", 7200)]),
            handshake: Fixtures.lab([(client: "frontend", server: "users", env: "appmesh", reason: "client_certificate_required", expected: "client_certificate_required"),
                                     (client: "frontend", server: "users", env: "serviceconnect", reason: "ok", expected: "ok"),
                                     (client: "frontend", server: "stock", env: "serviceconnect", reason: "untrusted", expected: "ok")]))
    }

    func service(_ report: JSON, _ name: String) throws -> JSON {
        try #require(report[path: "services"].array.first { $0[path: "name"].string == name })
    }

    @Test func servicesJoinEveryComponent() throws {
        let report = Fixtures.json(ReportBuilder.build(demoInputs()))
        #expect(report[path: "schema"].string == "meshcert.report.v1")
        #expect(report[path: "services"].array.map { $0[path: "name"].string } == ["frontend", "users", "stock"])

        let users = try service(report, "users")
        #expect(users[path: "status"].string == "blocked")
        #expect(users[path: "blockedBy"].array.map(\.string) == ["mtls_server"])
        #expect(users[path: "appMesh", "mutualTLS"].array.map(\.string) == ["server"])
        // The linked file first (with its configured role), then the certificate naming the service.
        let certs = users[path: "certificates"].array
        #expect(certs.map { $0[path: "sha256"].string } == ["bb", "aa"])
        #expect(certs.first?[path: "role"].string == "presented")
        #expect(certs.first?[path: "configuredPath"].string == "/etc/envoy/users.pem")
        #expect(certs.map { $0[path: "matchedBy"].string } == ["configured_file", "dns_name"])
        #expect(users[path: "rotation", "expiredSeconds"].int == 3600)
        #expect(users[path: "handshakes", "asServer", "checks"].int == 2)
        #expect(users[path: "handshakes", "asServer", "ok"].int == 1)

        let frontend = try service(report, "frontend")
        #expect(frontend[path: "certificates"].array.map { $0[path: "role"].string } == ["client"])
        #expect(frontend[path: "certificates"].array.map { $0[path: "matchedBy"].string } == ["client_common_name"])
        #expect(frontend[path: "handshakes", "asClient", "checks"].int == 3)
        #expect(frontend[path: "handshakes", "asClient", "missedExpectation"].int == 1)
        #expect(try service(report, "stock")[path: "status"].string == "ready")
    }

    @Test func summaryCountsWhatThePageLeadsWith() throws {
        let s = Fixtures.json(ReportBuilder.build(demoInputs()))[path: "summary"]
        #expect(s[path: "empty"] == .bool(false))
        #expect(s[path: "services", "ready"].int == 1)
        #expect(s[path: "services", "blocked"].int == 2)
        #expect(s[path: "blocked"].array.map { $0[path: "service"].string } == ["frontend", "users"])
        #expect(s[path: "certificates", "expired"].int == 1)
        #expect(s[path: "certificates", "nextExpiries"].array.first?[path: "subjectCommonName"].string == "frontend-client")
        #expect(s[path: "rotation", "exposedSeconds"].int == 10800)
        #expect(s[path: "rotation", "worst", "service"].string == "stock")
        #expect(s[path: "rotation", "worst", "longestWindow", "seconds"].int == 7200)
        #expect(s[path: "handshakes", "checks"].int == 3)
        #expect(s[path: "handshakes", "failed"].int == 2)
        #expect(s[path: "handshakes", "missedExpectation"].int == 1)
        #expect(s[path: "cost", "monthly", "shortLivedUSD"] == .double(51.39))
        #expect(s[path: "cost", "window", "alternativeTotalUSD"] == .double(440.5))
    }

    @Test func componentDocumentsAreEmbeddedUnchanged() {
        let inputs = demoInputs()
        let report = Fixtures.json(ReportBuilder.build(inputs))
        #expect(report[path: "components", "scan"] == inputs.scan!.json())
        #expect(report[path: "components", "mesh"] == inputs.mesh!.json())
        #expect(report[path: "components", "rotation"] == (try? inputs.rotation!.json()))
        guard case .lab(let lab) = inputs.handshake else { Issue.record("the demo runs the lab"); return }
        #expect(report[path: "components", "handshake"] == (try? lab.json()))
        #expect(report[path: "components", "plan"] == .null)
        #expect(report[path: "sinceLastReport"] == .null)
    }

    @Test func emptyInputsSaySo() {
        let doc = ReportBuilder.build(ReportInputs(evaluatedAt: Fixtures.at))
        let report = Fixtures.json(doc)
        #expect(report[path: "summary", "empty"] == .bool(true))
        #expect(report[path: "services"].array.isEmpty)
        let html = ReportHTML.render(doc)
        #expect(html.contains("Nothing to report"))
        #expect(ReportConsole.summary(doc).contains("nothing to report"))
    }

    @Test func planChecksJoinByTheirServices() throws {
        let doc = Fixtures.plan([
            Fixtures.check("a", target: "", serverName: "users.sc.internal", reason: "ok", expected: "ok", protocolVersion: nil),
            Fixtures.check("b", target: "", serverName: "stock.sc.internal", reason: "expired", expected: "ok", protocolVersion: nil),
        ])
        let report = Fixtures.json(ReportBuilder.build(ReportInputs(evaluatedAt: Fixtures.at, handshake: doc, handshakeServices: [(client: "frontend", server: nil), (client: nil, server: "inventory")])))
        let rows = report[path: "handshakes"].array
        #expect(rows.map { $0[path: "server"].string } == ["users", "inventory"])  // guessed from the name, then the plan's
        #expect(rows.map { $0[path: "client"] } == [.string("frontend"), .null])
        #expect(report[path: "services"].array.map { $0[path: "name"].string } == ["users", "frontend", "inventory"])
        #expect(try service(report, "inventory")[path: "handshakes", "asServer", "missedExpectation"].int == 1)
    }

    @Test func nodesOfTheSameNameInTwoMeshesKeepTheirOwnRows() throws {
        var other = Fixtures.node("users", ready: true)
        other.mesh = "shop-eu"
        let report = Fixtures.json(ReportBuilder.build(ReportInputs(evaluatedAt: Fixtures.at,
            mesh: Fixtures.mesh([Fixtures.node("users", ready: false, blockers: ["mtls_server"]), other]))))
        #expect(report[path: "services"].array.map { $0[path: "name"].string } == ["shop/users", "shop-eu/users"])
        #expect(report[path: "services"].array.map { $0[path: "status"].string } == ["blocked", "ready"])
    }
}

@Suite struct MatchRoutingInReportTests {
    /// A node that a router reaches by path or header match is blocked by `match_routing`, even
    /// when the plan's blockers name it only on the route.
    @Test func matchRouteTargetsAreBlockedByMatchRouting() throws {
        var stock = Fixtures.node("stock", ready: false)
        stock.matchRouteTarget = true
        let inputs = ReportInputs(evaluatedAt: Fixtures.at, sources: ReportSources(certs: ["c"]),
                                  scan: Fixtures.scan([]), mesh: Fixtures.mesh([stock]), rotation: nil, handshake: nil)
        let report = Fixtures.json(ReportBuilder.build(inputs))
        let row = try #require(report[path: "services"].array.first { $0[path: "name"].string == "stock" })
        #expect(row[path: "status"].string == "blocked")
        #expect(row[path: "blockedBy"].array.map(\.string) == ["match_routing"])
        #expect(Explain.blocker("match_routing").contains("Service Connect routes by service name only"))
    }
}
