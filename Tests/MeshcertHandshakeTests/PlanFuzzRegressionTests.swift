import Foundation
import Testing
@testable import MeshcertHandshake

/// Inputs that crashed Scripts/fuzz.sh FuzzHandshakePlan: now ordinary errors.
@Suite struct PlanFuzzRegressionTests {
    @Test func complexMappingKeysAreAnErrorNotACrash() throws {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<2 { url.deleteLastPathComponent() }
        let text = try String(contentsOf: url.appendingPathComponent("Fixtures/fuzz/handshake-plan/complex-mapping-key.yaml"), encoding: .isoLatin1)
        #expect(throws: (any Error).self) {
            try HandshakePlan.parse(text, source: "plan.yaml", baseDirectory: "/", timeouts: HandshakeTimeouts(), at: 0)
        }
        #expect(throws: (any Error).self) { try LabTopology.parse("? [a, b]: c\n", source: "topology.yaml") }
        #expect(throws: (any Error).self) {
            try HandshakePlan.parse("? {x: 1}\n: 2\n", source: "plan.yaml", baseDirectory: "/", timeouts: HandshakeTimeouts(), at: 0)
        }
    }
}
