import Foundation
import Testing
@testable import MeshcertRotation
import MeshcertSupport

/// `meshcert rotate`'s entry points give what the pipeline gives, and fail the command's way.
@Suite struct RotationCommandTests {
    let demo = Fix.repo + "/Certs/scenarios/demo.yaml"

    @Test func simulateRendersTheRotationDocumentAndSaysExposure() throws {
        var request = SimulateRequest(scenario: demo, seed: 7)
        request.json = true
        let outcome = try RotationCommand.simulate(request)
        var loaded = try ScenarioReader.load(path: demo)
        loaded.scenario.seed = 7
        let (result, cost) = CostComparison.simulate(loaded.scenario, options: SimulationOptions())
        #expect(outcome.output == (try RotationDocument(file: demo, result: result, cost: cost, warnings: loaded.warnings).render()))
        #expect(outcome.hasExposure == result.hasExposure)
    }

    @Test func servicesFromElsewhereReplaceTheScenarios() throws {
        var request = SimulateRequest(scenario: demo)
        request.services = { _ in [Service(name: "solo", tasks: 2)] }
        let outcome = try RotationCommand.simulate(request)
        #expect(outcome.output.contains("solo"))
        #expect(!outcome.output.contains("frontend"))
    }

    @Test func aMissingScenarioIsAReportedFailure() {
        let error = #expect(throws: CommandFailure.self) {
            try RotationCommand.loadScenario(Fix.repo + "/Certs/scenarios/no-such.yaml", seed: nil)
        }
        #expect(error?.isReported == true)
        #expect(error?.exitCode == 2)
    }

    @Test func sweepTableUsesTheLabelsAsWritten() throws {
        let table = try RotationCommand.sweep(scenario: demo, seed: nil,
                                              renewAt: try DurationList(parsing: "4d,120h", option: "--renew-at", allowZero: false),
                                              outage: try DurationList(parsing: "none,2d", option: "--outage", allowZero: true), json: false)
        #expect(table.contains("120h"))
        #expect(table.contains("none"))
    }
}
