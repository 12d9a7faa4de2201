import Foundation
import Testing

/// `meshcert handshake` against real nginx and haproxy on loopback, with the PKI of
/// `InteropPKI` (certificates dated relative to the run, so no `--at`). Every case also asks
/// `openssl s_client -verify_return_error` and checks that meshcert's verdict on the server's
/// certificate agrees with it.
@Suite(.serialized, .enabled(if: InteropServer.available, Comment(rawValue: InteropServer.skipReason)))
struct InteropEndToEndTests {
    static func pki() throws -> InteropPKI { try InteropPKI.shared.get() }

    /// One `--connect` check as JSON: the check and the exit status.
    func handshake(_ server: InteropServer, _ extra: [String] = [], trust: String? = nil) throws -> (status: Int32, check: [String: Any]) {
        let pki = try Self.pki()
        let run = try MeshcertBinary.run(["handshake", "--connect", server.target, "--server-name", InteropPKI.serverName,
                                          "--trust", trust ?? pki.path("root.pem"), "--timeout", "20s", "--read-timeout", "5s",
                                          "--format", "json"] + extra)
        let json = try run.json()
        let checks = try #require(json["checks"] as? [[String: Any]], "stdout: \(run.stdout) stderr: \(run.stderr)")
        return (run.status, try #require(checks.first))
    }

    func client(_ name: String) throws -> [String] {
        let pki = try Self.pki()
        return ["--cert", pki.path(name), "--key", pki.path(name.replacingOccurrences(of: "-chain.pem", with: ".key"))]
    }

    /// meshcert's verdict on the server's certificate agrees with s_client's: both accept it, or
    /// both refuse it for the same kind of reason.
    func agreesWithSClient(_ server: InteropServer, _ check: [String: Any], trust: String? = nil, extra: [String] = [],
                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        let pki = try Self.pki()
        let verdict = try SClientVerdict.run(server.target, trust: trust ?? pki.path("root.pem"), extra: extra)
        let reason = check["reason"] as? String ?? ""
        let expectedErrors: [String: Set<Int>] = [
            "expired": [10], "not_yet_valid": [9], "hostname_mismatch": [62], "incomplete_chain": [2, 20, 21],
            "untrusted": [2, 7, 18, 19, 20, 21, 27, 28],
        ]
        if let errors = expectedErrors[reason] {
            #expect(verdict.verifyError.map(errors.contains) == true, "meshcert \(reason), s_client: \(verdict.output)",
                    sourceLocation: sourceLocation)
        } else {
            #expect(verdict.verifyError == nil, "meshcert \(reason), s_client: \(verdict.output)", sourceLocation: sourceLocation)
            if reason == "protocol_mismatch" {
                #expect(!verdict.handshakeCompleted, "s_client: \(verdict.output)", sourceLocation: sourceLocation)
            } else {
                #expect(verdict.handshakeCompleted, "s_client: \(verdict.output)", sourceLocation: sourceLocation)
            }
        }
    }

    func nginx(_ chain: String = "leaf-chain.pem", key: String = "leaf.key", configure: (inout InteropServer.NginxTLS) -> Void = { _ in })
        throws -> InteropServer {
        let pki = try Self.pki()
        var tls = InteropServer.NginxTLS(chain: pki.path(chain), key: pki.path(key))
        configure(&tls)
        return try InteropServer.nginx(tls)
    }

    // MARK: protocol versions

    @Test func tls13OnlyIsOkAndServiceConnectCompatible() throws {
        let server = try nginx { $0.protocols = "TLSv1.3" }
        defer { server.stop() }
        let (status, c) = try handshake(server)
        #expect(status == 0)
        #expect(c["reason"] as? String == "ok", "\(c["detail"] ?? "")")
        #expect(c["protocol"] as? String == "TLSv1.3")
        #expect(c["serviceConnectCompatible"] as? Bool == true)
        try agreesWithSClient(server, c)
    }
}
