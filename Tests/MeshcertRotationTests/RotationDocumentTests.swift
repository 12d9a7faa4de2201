@testable import MeshcertRotation
import Foundation
import MeshcertSupport
import Testing

/// `meshcert.rotation.v1` and `meshcert.rotation.sweep.v1` are typed documents: what is written
/// reads back into the same value and writes the same bytes again.
@Suite struct RotationDocumentTests {
    static let scenarios = ["demo", "demo-hardened", "worked-example"]

    static func document(_ name: String) throws -> RotationDocument {
        let loaded = try ScenarioReader.load(path: Fix.repo + "/Certs/scenarios/\(name).yaml")
        let (result, cost) = CostComparison.simulate(loaded.scenario, options: SimulationOptions())
        return RotationDocument(file: "Certs/scenarios/\(name).yaml", result: result, cost: cost, warnings: loaded.warnings)
    }

    /// Decodes the text and checks the value and its re-encoding; returns the decoded document.
    @discardableResult
    static func roundTrip<D: Codable & Equatable>(_ doc: D) throws -> D {
        let text = try JSONValueEncoder().encode(doc).render()
        let back = try JSONValueDecoder().decode(D.self, from: Array(text.utf8))
        #expect(back == doc)
        #expect(try JSONValueEncoder().encode(back).render() == text)
        #expect(try JSONValueEncoder().encode(back).render(pretty: false) == JSON.parse(text).render(pretty: false))
        return back
    }

    @Test(arguments: scenarios) func rotationDocumentRoundTrips(_ name: String) throws {
        let doc = try Self.document(name)
        try Self.roundTrip(doc)
        #expect(doc.schema == "meshcert.rotation.v1")
    }

    @Test func theDemoHasExposureWindowsAndMargins() throws {
        // So that the round trip above covers windows, kinds and both kinds of margin.
        let doc = try Self.document("demo")
        #expect(doc.services.contains { !$0.exposureWindows.isEmpty })
        #expect(doc.services.contains { $0.minMarginSeconds != nil })
        #expect(doc.cost.alternative.mode != doc.cost.mode)
    }

    @Test func fieldsAreWrittenInTheContractsOrder() throws {
        let json = try JSONValueEncoder().encode(try Self.document("demo"))
        #expect(DocumentJSON.keys(json) == ["schema", "scenario", "warnings", "services", "totals", "cost"])
        #expect(DocumentJSON.keys(json["scenario"]) == ["file", "start", "end", "seed", "mode", "lifetimeSeconds", "renewAtSeconds"])
        #expect(DocumentJSON.keys(json["services"]?.arrayValue?.first) == [
            "name", "tasks", "issuances", "failedRequests", "expiredSeconds", "notYetValidSeconds", "untrustedSeconds",
            "minMarginSeconds", "exposureWindows", "restarts", "waitingSeconds", "clients",
        ])
        #expect(DocumentJSON.keys(json["cost"]) == ["mode", "total", "caFee", "certificateFees", "certificates", "alternative", "currency"])
        #expect(DocumentJSON.keys(json["cost"]?["alternative"]) == [
            "mode", "total", "certificates", "caFee", "certificateFees", "lifetimeSeconds", "renewAtSeconds",
        ])
    }

    @Test func workedExampleReadsAsTyped() throws {
        let back = try Self.roundTrip(try Self.document("worked-example"))
        #expect(back.scenario.start == Instant(Timestamp.epoch(year: 2026, month: 12, day: 1)))
        #expect(back.scenario.mode == .shortLived)
        #expect(back.cost.currency == "USD")
    }

    @Test func sweepDocumentRoundTrips() throws {
        for name in Self.scenarios {
            let loaded = try ScenarioReader.load(path: Fix.repo + "/Certs/scenarios/\(name).yaml")
            let renewAts = [4 * Fix.day, 5 * Fix.day], outages: [Int64] = [0, 48 * Fix.hour]
            let cells = Sweep.run(loaded.scenario, renewAts: renewAts, outages: outages)
            let doc = SweepDocument(file: name + ".yaml", base: loaded.scenario, renewAts: renewAts, outages: outages, cells: cells)
            let back = try Self.roundTrip(doc)
            #expect(back.cells.count == 4)
            #expect(back.schema == "meshcert.rotation.sweep.v1")
        }
    }

    @Test func aRenamedFieldFailsNamingIt() throws {
        let json = try JSONValueEncoder().encode(try Self.document("demo"))
        let renamed = DocumentJSON.rename(json, at: ["services", "0"], from: "failedRequests", to: "failed_requests")
        do {
            _ = try JSONValueDecoder().decode(RotationDocument.self, from: renamed)
            Issue.record("a document without services[0].failedRequests decoded")
        } catch let e as DecodingError {
            #expect(e.fieldDescription == "services[0].failedRequests: missing field 'failedRequests'")
        }
        let sweep = SweepDocument(file: "w.yaml", base: Fix.worked(), renewAts: [5 * Fix.day], outages: [0],
                                  cells: Sweep.run(Fix.worked(), renewAts: [5 * Fix.day], outages: [0]))
        let badSweep = DocumentJSON.rename(try JSONValueEncoder().encode(sweep), at: ["scenario"], from: "lifetimeSeconds", to: "lifetime")
        do {
            _ = try JSONValueDecoder().decode(SweepDocument.self, from: badSweep)
            Issue.record("a sweep without scenario.lifetimeSeconds decoded")
        } catch let e as DecodingError {
            #expect(e.fieldDescription == "scenario.lifetimeSeconds: missing field 'lifetimeSeconds'")
        }
        // A value of the wrong kind names its field too.
        let badKind = DocumentJSON.rename(json, at: ["services", "0"], from: "tasks", to: "tasks", value: .string("3"))
        do {
            _ = try JSONValueDecoder().decode(RotationDocument.self, from: badKind)
            Issue.record("a string where tasks belongs decoded")
        } catch let e as DecodingError {
            #expect(e.fieldDescription == "services[0].tasks: expected an integer, found a string")
        }
    }
}
