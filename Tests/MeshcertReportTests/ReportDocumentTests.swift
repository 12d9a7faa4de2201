import Foundation
@testable import MeshcertReport
import MeshcertSupport
import Testing

/// report.json is `ReportDocument` encoded: decoding it gives the same document back, and
/// encoding that again gives the same bytes.
@Suite struct ReportDocumentTests {
    static let repoRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    func expectRoundTrip(_ doc: ReportDocument) throws {
        let json = try JSONValueEncoder().encode(doc)
        #expect(try JSONValueDecoder().decode(ReportDocument.self, from: json) == doc)
        let text = try doc.text()
        let back = try JSONValueDecoder().decode(ReportDocument.self, from: Array(text.utf8))
        #expect(try back.text() == text)
    }

    @Test func builtDocumentRoundTrips() throws {
        let inputs = ReportBuilderTests().demoInputs()
        let previous = ReportBuilder.build(inputs)
        try expectRoundTrip(previous)
        try expectRoundTrip(ReportBuilder.build(inputs, previous: previous, previousPath: "old"))
        try expectRoundTrip(ReportBuilder.build(ReportInputs(evaluatedAt: Fixtures.at)))
    }

    /// The demo data through the whole pipeline (scan, mesh, plans, the scenario's rotation):
    /// report.json on disk decodes to the outcome's document and re-encodes to the same bytes.
    @Test func demoReportJSONRoundTripsByteForByte() throws {
        let root = Self.repoRoot.path
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-report-doc-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        var options = ReportOptions(out: out, meshFleet: { _, base, _ in base })
        options.certs = [root + "/Certs"]
        options.mesh = [root + "/Certs/appmesh"]
        options.scenario = root + "/Certs/scenarios/demo.yaml"
        options.trust = [root + "/Certs/pki/root-ca.pem"]
        options.at = Timestamp.parse("2026-12-02T00:00:00Z")
        let outcome = try MigrationReport.run(options)
        let bytes = try #require(FileManager.default.contents(atPath: outcome.jsonPath))
        let decoded = try JSONValueDecoder().decode(ReportDocument.self, from: Array(bytes))
        #expect(decoded == outcome.report)
        #expect(try decoded.text() == String(decoding: bytes, as: UTF8.self))
        #expect(!decoded.services.isEmpty && decoded.summary.rotation != nil && decoded.components.plan != nil)
        // The page drawn from the decoded document is the one written.
        #expect(ReportHTML.render(decoded) == String(decoding: try #require(FileManager.default.contents(atPath: outcome.htmlPath)), as: UTF8.self))
    }

    @Test func aMissingFieldIsNamedWithItsPath() throws {
        var json = try JSONValueEncoder().encode(ReportBuilder.build(ReportBuilderTests().demoInputs()))
        guard case .object(var top) = json, let i = top.firstIndex(where: { $0.0 == "summary" }),
              case .object(var summary) = top[i].1, let j = summary.firstIndex(where: { $0.0 == "services" }),
              case .object(var services) = summary[j].1 else { Issue.record("unexpected shape"); return }
        services.removeAll { $0.0 == "notInMesh" }
        summary[j].1 = .object(services)
        top[i].1 = .object(summary)
        json = .object(top)
        do {
            _ = try JSONValueDecoder().decode(ReportDocument.self, from: json)
            Issue.record("decoded a document without summary.services.notInMesh")
        } catch let error as DecodingError {
            #expect(error.fieldDescription.hasPrefix("summary.services.notInMesh"))
        }
    }

    @Test func failOnListParses() throws {
        #expect(try ReportFailOn.parseList("blocker, expired,,handshake") == [.blocker, .expired, .handshake])
        #expect(try ReportFailOn.parseList("") == [])
        #expect(throws: ReportFailOn.UnknownValue.self) { try ReportFailOn.parseList("blocker,nonsense") }
        #expect(ReportFailOn.UnknownValue(value: "nonsense").description
                == "--fail-on: unknown value 'nonsense'; known: blocker, expired, exposure, handshake")
    }
}
