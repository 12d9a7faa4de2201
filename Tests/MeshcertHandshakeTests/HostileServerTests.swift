import Foundation
import Testing
import MeshcertOpenSSL
@testable import MeshcertHandshake

/// Servers that do not play fair, all real loopback servers: raw sockets in this process, the
/// lab's in-process OpenSSL server, or an OpenSSL server that misbehaves after its handshake.
/// Every check must end with its own reason within its deadlines, never hang, and leave the
/// other checks of the same run alone. Bounds on elapsed time are hang detectors with wide
/// slack (the machine is shared), not performance assertions. (Existing end-to-end tests already
/// cover the never-accepting listener, `http.server`, a reset and a 1,000-certificate chain
/// through the binary; here they appear again only inside the mixed plan.)
@Suite(.serialized) struct HostileServerTests {
    static let root = InProcessHandshakeTests.root
    static func path(_ p: String) -> String { root + "/" + p }
    static let at = InProcessHandshakeTests.at
    static let shortLivedCA = path("Certs/short-lived/short-lived-ca.pem")
    /// Slack on top of a deadline before we call it a hang.
    static let slack = 15.0

    static func check(_ name: String, port: UInt16, serverName: String? = "users.sc.internal", trust: String = shortLivedCA,
                      expect: HandshakeReason = .ok, handshake: Double = 3, read: Double = 2) -> HandshakeCheck {
        HandshakeCheck(name: name, target: Target(host: "127.0.0.1", port: port), serverName: serverName,
                       client: TLSClientConfiguration(trustFile: trust, verificationTime: at), expect: expect,
                       timeouts: HandshakeTimeouts(connect: 5, handshake: handshake, read: read))
    }

    /// Runs checks and returns the results with the wall time the run took.
    static func run(_ checks: [HandshakeCheck], jobs: Int = 1) throws -> ([HandshakeCheckResult], Double) {
        let start = Date()
        let results = try HandshakeEngine.run(checks, options: EngineOptions(jobs: jobs))
        return (results, Date().timeIntervalSince(start))
    }

    static func goodServer() throws -> LoopbackServer {
        let context = try TLSContext(server: TLSServerConfiguration(
            certificateChainFile: path("Certs/short-lived/users.pem"), keyFile: path("Certs/short-lived/users.key"),
            verificationTime: at))
        return try LoopbackServer(context: context, greeting: "hello\n")
    }

    static func misbehaving(_ behaviour: MisbehavingTLSServer.Behaviour) throws -> MisbehavingTLSServer {
        try MisbehavingTLSServer(behaviour, certificateChainFile: path("Certs/short-lived/users.pem"),
                                 keyFile: path("Certs/short-lived/users.key"))
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Leaf + demo issuing CA repeated until the chain is over 10 MB of DER.
    static func tenMegabyteChain(in dir: URL) throws -> String {
        let leaf = try String(contentsOfFile: path("Certs/pki/users.pem"), encoding: .utf8)
        let intermediate = try String(contentsOfFile: path("Certs/pki/intermediate-ca.pem"), encoding: .utf8)
        let body = intermediate.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let der = try #require(Data(base64Encoded: body)).count
        let copies = 10 * 1024 * 1024 / der + 1
        let file = dir.appendingPathComponent("ten-megabytes.pem")
        try (leaf + String(repeating: intermediate, count: copies)).write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    // MARK: one hostile server each

    @Test(.timeLimit(.minutes(1))) func silentAfterAcceptTimesOut() throws {
        let server = try HostileListener(HostileListener.silent)
        defer { server.stop() }
        let (results, elapsed) = try Self.run([Self.check("silent", port: server.port, handshake: 2)])
        #expect(results[0].reason == .timeout)
        #expect(results[0].detail.contains("handshake deadline (2s)"), "\(results[0].detail)")
        #expect(results[0].detail.contains("accepted TCP but sent nothing"))
        #expect(results[0].connectMs != nil)
        #expect(elapsed < 2 + Self.slack)
    }

    @Test(.timeLimit(.minutes(1))) func slowlorisEndsAtTheHandshakeDeadline() throws {
        let server = try HostileListener(HostileListener.slowloris)
        defer { server.stop() }
        // Bytes keep arriving (a full record header after 5 s), yet the deadline is absolute.
        let (results, elapsed) = try Self.run([Self.check("slowloris", port: server.port, handshake: 7)])
        #expect(results[0].reason == .timeout)
        #expect(results[0].detail.contains("handshake deadline (7s)"), "\(results[0].detail)")
        #expect(!results[0].detail.contains("sent nothing"), "the slowloris did send its first bytes")
        #expect(elapsed >= 6.5 && elapsed < 7 + Self.slack)
    }

    @Test(.timeLimit(.minutes(1))) func tenMegabyteChainIsCutEarly() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let context = try TLSContext(server: TLSServerConfiguration(certificateChainFile: try Self.tenMegabyteChain(in: dir),
                                                                    keyFile: Self.path("Certs/pki/users.key")))
        let server = try LoopbackServer(context: context, greeting: "")
        defer { server.stop() }
        let (results, elapsed) = try Self.run([Self.check("10MB", port: server.port, serverName: "users.apps.local",
                                                          trust: Self.path("Certs/pki/root-ca.pem"), handshake: 10)])
        #expect(results[0].reason == .handshakeFailure)
        #expect(results[0].detail.contains("excessive message size"), "\(results[0].detail)")
        #expect(elapsed < 10 + Self.slack)
    }

    @Test(.timeLimit(.minutes(1))) func fiftyCertificateChainIsVerifiedAndReportedBounded() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try LongChain.write(length: 50, leafName: "long.chain.test", to: dir)
        let context = try TLSContext(server: TLSServerConfiguration(certificateChainFile: files.chain, keyFile: files.key))
        let server = try LoopbackServer(context: context, greeting: "")
        defer { server.stop() }
        let (results, _) = try Self.run([
            Self.check("50 under its root", port: server.port, serverName: "long.chain.test", trust: files.root, handshake: 10),
            Self.check("50 under another root", port: server.port, serverName: "long.chain.test", handshake: 10),
        ])
        // 50 certificates is long but legal (OpenSSL verifies up to depth 100): it verifies, and
        // what we report of it stays bounded.
        #expect(results[0].reason == .ok, "\(results[0].detail)")
        #expect(results[0].peerChain.count == 16)
        #expect(results[0].peerChain.first?.subject == "CN=long.chain.test")
        #expect(results[1].reason == .untrusted, "\(results[1].detail)")
    }

    @Test(.timeLimit(.minutes(1))) func keyUpdateStormEndsAtTheReadDeadline() throws {
        let server = try Self.misbehaving(.keyUpdateStorm)
        defer { server.stop() }
        let (results, elapsed) = try Self.run([Self.check("key updates", port: server.port, handshake: 10, read: 2)])
        // The handshake itself was sound: the storm is a post-handshake nuisance, bounded by the
        // read deadline (OpenSSL must hand control back between records, not loop inside SSL_read).
        #expect(results[0].reason == .ok, "\(results[0].detail)")
        #expect(results[0].protocolVersion == "TLSv1.3")
        #expect(server.messagesSent > 10, "the storm did happen: \(server.messagesSent) KeyUpdates")
        // (Before auto-retry was turned off this took up to the 30 s the storm lasts.)
        #expect(elapsed < 2 + Self.slack, "took \(elapsed)s: a storm must not hold the check past its read deadline")
    }

    /// meshcert reads nothing after a TLS 1.2 handshake, so the HelloRequests are never processed:
    /// the check must end ok at once whatever the server keeps sending.
    @Test(.timeLimit(.minutes(1))) func renegotiationStormDoesNotHoldTheCheck() throws {
        let server = try Self.misbehaving(.renegotiationStorm)
        defer { server.stop() }
        let (results, elapsed) = try Self.run([Self.check("renegotiation", port: server.port, handshake: 10)])
        #expect(results[0].reason == .ok, "\(results[0].detail)")
        #expect(results[0].protocolVersion == "TLSv1.2")
        #expect(elapsed < 10 + 2 + Self.slack)
    }

    @Test(.timeLimit(.minutes(1)), arguments: [MisbehavingTLSServer.Behaviour.closeAfterHandshake, .resetAfterHandshake])
    func serverClosingRightAfterTheHandshake(behaviour: MisbehavingTLSServer.Behaviour) throws {
        let server = try Self.misbehaving(behaviour)
        defer { server.stop() }
        let (results, elapsed) = try Self.run([Self.check("close", port: server.port, handshake: 10, read: 10)])
        // The handshake completed and the certificate verified: that is what a check tests.
        #expect(results[0].reason == .ok, "\(results[0].detail)")
        #expect(results[0].protocolVersion == "TLSv1.3")
        #expect(results[0].detail.hasSuffix("Service Connect compatible"), "\(results[0].detail)")
        #expect(elapsed < 10, "the close ends the read at once, well before the 10s read deadline")
    }

    /// A server that asks for a client certificate without requiring one, sends no tickets and
    /// hangs up when the client does: the check must not half-close first (its hang-up would then
    /// read as "certificate required"), and it stays ok with the certificate "requested".
    @Test(.timeLimit(.minutes(1)), arguments: [false, true])
    func optionalClientCertificateIsNotMistakenForRequired(reset: Bool) throws {
        let server = try Self.misbehaving(.optionalClientCertificate(reset: reset))
        defer { server.stop() }
        let (results, _) = try Self.run([Self.check("optional", port: server.port, handshake: 10, read: 1)])
        #expect(results[0].reason == .ok, "\(results[0].detail)")
        #expect(results[0].clientAuth == .requested, "\(results[0].detail)")
        #expect(results[0].protocolVersion == "TLSv1.3")
    }

    // MARK: all of them in one run

    @Test(.timeLimit(.minutes(2))) func mixedPlanLeavesGoodChecksUnaffected() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try Self.goodServer()
        defer { good.stop() }
        let silent = try HostileListener(HostileListener.silent)
        let slow = try HostileListener(HostileListener.slowloris)
        let http = try HostileListener(HostileListener.http)
        let reset = try HostileListener(HostileListener.reset)
        let storm = try Self.misbehaving(.keyUpdateStorm)
        let renegotiation = try Self.misbehaving(.renegotiationStorm)
        let closing = try Self.misbehaving(.closeAfterHandshake)
        let hugeContext = try TLSContext(server: TLSServerConfiguration(certificateChainFile: try Self.tenMegabyteChain(in: dir),
                                                                        keyFile: Self.path("Certs/pki/users.key")))
        let huge = try LoopbackServer(context: hugeContext, greeting: "")
        defer {
            for s in [silent, slow, http, reset] { s.stop() }
            for s in [storm, renegotiation, closing] { s.stop() }
            huge.stop()
        }
        var checks: [HandshakeCheck] = []
        // Good checks get generous deadlines: only the hostile ones should be bounded by theirs.
        for i in 0..<6 { checks.append(Self.check("good-\(i)", port: good.port, handshake: 20, read: 10)) }
        checks += [
            Self.check("silent", port: silent.port, expect: .timeout),
            Self.check("slowloris", port: slow.port, expect: .timeout),
            Self.check("http", port: http.port, expect: .notTLS),
            Self.check("reset", port: reset.port, expect: .handshakeFailure),
            Self.check("10MB", port: huge.port, serverName: "users.apps.local", trust: Self.path("Certs/pki/root-ca.pem"),
                       expect: .handshakeFailure),
            Self.check("key-updates", port: storm.port),
            Self.check("renegotiation", port: renegotiation.port),
            Self.check("close", port: closing.port),
        ]
        for i in 6..<12 { checks.append(Self.check("good-\(i)", port: good.port, handshake: 20, read: 10)) }
        let (results, elapsed) = try Self.run(checks, jobs: 4)
        for r in results {
            #expect(r.matchedExpectation, "\(r.check.name): \(r.reason.rawValue) (\(r.detail))")
        }
        let goods = results.filter { $0.check.name.hasPrefix("good-") }
        #expect(goods.count == 12)
        #expect(goods.allSatisfy { $0.reason == .ok && $0.serviceConnectCompatible && $0.peerChain.count == 1 })
        #expect(elapsed < 30 + Self.slack)
    }
}
