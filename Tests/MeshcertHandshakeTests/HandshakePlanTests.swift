import Foundation
import Testing
@testable import MeshcertHandshake

@Suite struct HandshakePlanTests {
    /// The repository root, so plan paths resolve to the committed demo PKI.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    func parse(_ yaml: String) throws -> [HandshakeCheck] {
        try HandshakePlan.parse(yaml, source: "plan.yaml", baseDirectory: Self.root, timeouts: HandshakeTimeouts(), at: 1_795_000_000)
    }

    @Test func httpProbeIsAPathPerCheck() throws {
        let checks = try parse("""
        checks:
          - connect: users:443
            trust: Certs/pki/root-ca.pem
            httpProbe: /healthz
          - connect: stock:443
            trust: Certs/pki/root-ca.pem
        """)
        #expect(checks.map(\.httpProbe) == ["/healthz", nil])
        #expect(throws: HandshakePlan.Error.self) {
            try parse("checks:\n  - connect: users:443\n    trust: Certs/pki/root-ca.pem\n    httpProbe: healthz\n")
        }
    }

    @Test func readsTheIssueExample() throws {
        let checks = try parse("""
        checks:
          - name: frontend->users
            client: frontend
            server: users
            connect: 127.0.0.1:8443
            serverName: users.sc.internal
            trust: Certs/short-lived/short-lived-ca.pem
            clientCertificate: {cert: Certs/pki/frontend-client.pem, key: Certs/pki/frontend-client.key}
            minTLS: "1.3"
            expect: client_certificate_required
            timeout: 1500ms
          - connect: users:443
            trust: Certs/pki/root-ca.pem
        """)
        #expect(checks.count == 2)
        let c = checks[0]
        #expect(c.name == "frontend->users" && c.clientService == "frontend" && c.serverService == "users")
        #expect(c.target == Target(host: "127.0.0.1", port: 8443))
        #expect(c.effectiveServerName == "users.sc.internal")
        #expect(c.client.minVersion == .tls13)
        #expect(c.client.certificateFile?.hasSuffix("Certs/pki/frontend-client.pem") == true)
        #expect(c.client.verificationTime == 1_795_000_000)
        #expect(c.expect == .clientCertificateRequired)
        #expect(c.timeouts.handshake == 1.5)
        #expect(checks[1].name == "check-2" && checks[1].expect == .ok)
    }

    @Test(arguments: [
        ("checks: []", "'checks' is empty"),
        ("checks:\n  - connect: a:1\n    trust: Certs/pki/root-ca.pem\n    trsut: x", "unknown key 'trsut'"),
        ("checks:\n  - connect: a\n    trust: Certs/pki/root-ca.pem", "is not HOST:PORT"),
        ("checks:\n  - connect: a:1\n    trust: nope.pem", "cannot read 'nope.pem'"),
        ("checks:\n  - connect: a:1\n    trust: Certs/pki/root-ca.pem\n    expect: fine", "not a reason code"),
        ("checks:\n  - connect: a:1\n    trust: Certs/pki/root-ca.pem\n    minTLS: \"1.1\"", "minTLS must be"),
        ("checks:\n  - {name: x, connect: a:1, trust: Certs/pki/root-ca.pem}\n  - {name: x, connect: a:1, trust: Certs/pki/root-ca.pem}", "duplicate name"),
        ("checks:\n  - connect: a:1\n    trust: Certs/pki/root-ca.pem\n    minTLS: \"1.3\"\n    maxTLS: \"1.2\"", "no TLS version is left"),
        ("checks:\n  - connect: a:1\n    trust: Certs/pki/root-ca.pem\n    httpProbe: \"/x\\r\\nX-Evil: 1\"", "control characters"),
        ("checks:\n  - connect: a:1\n    trust: Certs/pki/root-ca.pem\n    serverName: \"a b\"", "space or control character"),
        ("checks:\n  - connect: a:1\n    trust: Certs/pki/root-ca.pem\n    serverName: \"\"", "server name is empty"),
        ("nothing: here", "top-level 'checks:'"),
        ("chekcs: []\nchecks:\n  - {connect: a:1, trust: Certs/pki/root-ca.pem}", "unknown top-level key 'chekcs'"),
    ])
    func badPlansSayWhatIsWrong(yaml: String, message: String) {
        do {
            _ = try parse(yaml)
            Issue.record("expected an error containing \(message)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
            #expect("\(error)".hasPrefix("plan.yaml"))
        }
    }
}
