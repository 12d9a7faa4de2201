import Foundation
import Testing
@testable import MeshcertRotation

/// Inputs that crashed Scripts/fuzz.sh FuzzScenario: now ordinary scenario errors.
@Suite struct ScenarioFuzzRegressionTests {
    @Test func hugeDurationIsAnErrorNotATrap() throws {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<2 { url.deleteLastPathComponent() }
        let data = try Data(contentsOf: url.appendingPathComponent("Fixtures/fuzz/scenario/huge-duration.yaml"))
        #expect(throws: (any Error).self) {
            try ScenarioReader.parse(String(decoding: data, as: UTF8.self), file: "huge-duration.yaml")
        }
    }
}
