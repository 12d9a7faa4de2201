import MeshcertSupport
import Testing
@testable import MeshcertHandshake

@Suite struct LabTopologyTests {
    @Test func sampleIsFrontendCallingUsersAndStock() {
        #expect(LabTopology.sample.servers == ["users", "stock"])
        #expect(LabTopology.sample.clients.map(\.name) == ["frontend"])
    }

    @Test func parsesAndValidates() throws {
        let t = try LabTopology.parse("services:\n  - {name: web, calls: [api]}\n  - {name: api}\n", source: "t.yaml")
        #expect(t.servers == ["api"])
        for (yaml, message) in [
            ("services: []", "non-empty"),
            ("services:\n  - {name: web, calls: [api]}", "'api', which is not a listed service"),
            ("services:\n  - {name: web}", "nothing to check"),
            ("services:\n  - {name: 'we b'}", "letters, digits"),
            ("services:\n  - {name: web, call: [x]}", "unknown key 'call'"),
        ] {
            #expect(throws: Diagnostic.self) { try LabTopology.parse(yaml, source: "t.yaml") }
            do { _ = try LabTopology.parse(yaml, source: "t.yaml") } catch { #expect("\(error)".contains(message), "\(error)") }
        }
    }

    @Test func expectationsFollowTheTwoWorlds() {
        func server(_ env: LabEnvironment, fault: LabFault? = nil) -> LabServerInfo {
            LabServerInfo(service: "users", environment: env, target: Target(host: "127.0.0.1", port: 1), serverName: "users",
                          tls: "1.3", clientCertificate: .none, certificate: "", fault: fault)
        }
        #expect(LabWorld.expectation(clientEnv: .appmesh, server: server(.appmesh), withClientCertificate: true) == .ok)
        #expect(LabWorld.expectation(clientEnv: .serviceconnect, server: server(.appmesh), withClientCertificate: false) == .clientCertificateRequired)
        #expect(LabWorld.expectation(clientEnv: .appmesh, server: server(.serviceconnect), withClientCertificate: true) == .untrusted)
        #expect(LabWorld.expectation(clientEnv: .serviceconnect, server: server(.serviceconnect, fault: .tls12Only), withClientCertificate: false) == .protocolMismatch)
        #expect(LabWorld.expectation(clientEnv: .serviceconnect, server: server(.serviceconnect, fault: .mtls), withClientCertificate: true) == .ok)
    }
}
