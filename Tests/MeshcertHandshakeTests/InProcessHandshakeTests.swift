import Foundation
import Testing
import MeshcertOpenSSL
@testable import MeshcertHandshake

/// The engine against the lab's in-process OpenSSL server: real sockets on loopback, no binary.
@Suite struct InProcessHandshakeTests {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static func path(_ p: String) -> String { root + "/" + p }
    static let at: Int64 = 1_796_169_600  // 2026-12-02T00:00:00Z

    func server(clientCA: String? = nil, max: TLSVersion? = nil) throws -> LoopbackServer {
        let context = try TLSContext(server: TLSServerConfiguration(
            certificateChainFile: Self.path("Certs/short-lived/users.pem"), keyFile: Self.path("Certs/short-lived/users.key"),
            clientCAFile: clientCA.map(Self.path), maxVersion: max, verificationTime: Self.at))
        return try LoopbackServer(context: context, greeting: "hello\n")
    }

    func check(_ name: String, _ server: LoopbackServer, serverName: String? = nil, trust: String = "Certs/short-lived/short-lived-ca.pem",
               cert: Bool = false, min: TLSVersion? = nil) -> HandshakeCheck {
        HandshakeCheck(name: name, target: Target(host: "127.0.0.1", port: server.port), serverName: serverName,
                       client: TLSClientConfiguration(trustFile: Self.path(trust),
                                                      certificateFile: cert ? Self.path("Certs/pki/frontend-client.pem") : nil,
                                                      keyFile: cert ? Self.path("Certs/pki/frontend-client.key") : nil,
                                                      minVersion: min, verificationTime: Self.at),
                       timeouts: HandshakeTimeouts(connect: 20, handshake: 20, read: 10))
    }

    @Test func diagnosesAgainstOneServer() throws {
        let s = try server()
        defer { s.stop() }
        let results = try HandshakeEngine.run([
            check("ok", s, serverName: "users.sc.internal"),
            check("ip", s),
            check("name", s, serverName: "billing.sc.internal"),
            check("trust", s, serverName: "users.sc.internal", trust: "Certs/pki/root-ca.pem"),
        ], options: EngineOptions(jobs: 2))
        #expect(results.map(\.reason) == [.ok, .ok, .hostnameMismatch, .untrusted])
        #expect(results[0].group != nil)
        #expect(results[0].serviceConnectCompatible)
        #expect(results[0].peerChain.first?.subject == "CN=users.sc.internal,OU=service connect,O=Example Corp,C=US")
    }

    @Test func mutualTLSServerIsRequiredEvenWhenWePresentACertificate() throws {
        let s = try server(clientCA: "Certs/pki/ca-bundle.pem")
        defer { s.stop() }
        let results = try HandshakeEngine.run([check("bare", s), check("cert", s, cert: true)], options: EngineOptions(jobs: 1))
        #expect(results[0].reason == .clientCertificateRequired && results[0].clientAuth == .required)
        #expect(results[1].reason == .ok && results[1].clientAuth == .required)
        #expect(!results[1].serviceConnectCompatible)
        #expect(results[1].detail.contains("Service Connect has no mutual TLS"))
    }

    @Test func tls12ServerAgainstATLS13Floor() throws {
        let s = try server(max: .tls12)
        defer { s.stop() }
        let results = try HandshakeEngine.run([check("floor", s, min: .tls13), check("any", s)])
        #expect(results[0].reason == .protocolMismatch)
        #expect(results[0].protocolVersion == nil)
        #expect(results[1].reason == .ok && results[1].protocolVersion == "TLSv1.2")
        #expect(!results[1].serviceConnectCompatible)
    }

    /// A client left with no version to offer (1.3 up to 1.2: the CLI and plans refuse it, the
    /// library may still be handed one) fails the check; it crashed in SSL_get_negotiated_group,
    /// which OpenSSL 3.0 answers from a session the failed handshake never made.
    @Test func noVersionLeftToOfferFailsTheCheckWithoutCrashing() throws {
        let s = try server()
        defer { s.stop() }
        var empty = check("empty", s, serverName: "users.sc.internal", min: .tls13)
        empty.client.maxVersion = .tls12
        let results = try HandshakeEngine.run([empty, check("ok", s, serverName: "users.sc.internal")])
        #expect(results[0].reason != .ok)
        #expect(results[0].group == nil && results[0].protocolVersion == nil)
        #expect(results[1].reason == .ok)
    }

    @Test func badTrustFileIsASetupErrorNamingTheCheck() throws {
        let s = try server()
        defer { s.stop() }
        #expect {
            try HandshakeEngine.run([check("broken", s, trust: "Certs/pki/root-ca.key")])
        } throws: { error in
            "\(error)".contains("check 'broken'") && "\(error)".contains("root-ca.key")
        }
    }
}
