import Foundation
import Testing
import MeshcertHandshake
import MeshcertOpenSSL
import MeshcertSupport

/// `meshcert handshake`'s entry point: the checks built from the command line, and its failures.
@Suite struct HandshakeCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    func request(_ source: HandshakeRequest.Source, probe: String? = nil) -> HandshakeRequest {
        HandshakeRequest(source: source, verificationTime: 1_796_083_200, timeouts: HandshakeTimeouts(connect: 1, handshake: 1, read: 1),
                         httpProbe: probe, warnDays: 9, policy: VerificationPolicy(profile: .strict), engine: EngineOptions())
    }

    func target(_ connect: String, trust: String) -> HandshakeRequest.Source {
        .target(connect, serverName: nil, expect: .ok, client: TLSClientConfiguration(trustFile: trust))
    }

    @Test func oneTargetBecomesOneCheckWithTheCommandLinesPolicy() throws {
        let checks = try HandshakeCommand.checks(request(target("127.0.0.1:8443", trust: Self.root + "/Certs/pki/root-ca.pem"), probe: "/healthz"))
        #expect(checks.count == 1)
        #expect(checks[0].name == "127.0.0.1:8443")
        #expect(checks[0].warnDays == 9)
        #expect(checks[0].httpProbe == "/healthz")
        #expect(checks[0].client.policy.profile == .strict)
    }

    @Test func aTargetThatIsNotHostPortFails() {
        let error = #expect(throws: CommandFailure.self) {
            try HandshakeCommand.checks(request(target("no-port", trust: Self.root + "/Certs/pki/root-ca.pem")))
        }
        #expect(error?.message == "--connect 'no-port' is not HOST:PORT")
        #expect(error?.exitCode == 2)
    }

    @Test func anUnreadableTrustFileIsNamed() {
        let error = #expect(throws: CommandFailure.self) {
            try HandshakeCommand.checks(request(target("127.0.0.1:8443", trust: "/no/such/ca.pem")))
        }
        #expect(error?.message == "cannot read '/no/such/ca.pem': does not exist")
    }

    @Test func aMissingPlanFails() {
        let error = #expect(throws: CommandFailure.self) { try HandshakeCommand.checks(request(.plan("/no/such/plan.yaml"))) }
        #expect(error?.message.contains("/no/such/plan.yaml") == true)
    }
}
