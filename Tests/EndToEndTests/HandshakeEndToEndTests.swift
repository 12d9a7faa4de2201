import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `meshcert handshake` against real `openssl s_server` processes on loopback: one server per
/// reason code. Deadlines are generous (the machine is shared); timings are never asserted.
@Suite(.serialized) struct HandshakeEndToEndTests {
    static let at = "2026-12-02T00:00:00Z"
    static let shortLivedCA = "Certs/short-lived/short-lived-ca.pem"
    /// Expired, not-yet-valid, wrong-name and unknown-CA certificates, generated once per run by
    /// Certs/lab/generate.py (fixed dates) into a temporary folder.
    static let fixtures: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-handshake-fixtures-\(getpid())")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", MeshcertBinary.repoRoot.appendingPathComponent("Certs/lab/generate.py").path, "--out", dir.path]
        try? MeshcertBinary.launch(p)
        p.waitUntilExit()
        atexit { try? FileManager.default.removeItem(atPath: HandshakeEndToEndTests.fixtures) }
        return dir.path
    }()
    static let clientCert = ["--cert", "Certs/pki/frontend-client.pem", "--key", "Certs/pki/frontend-client.key"]

    /// Runs one check against a target and returns the parsed check plus the exit status.
    func check(_ target: String, _ extra: [String] = [], trust: String = shortLivedCA) throws -> (status: Int32, check: [String: Any]) {
        let run = try MeshcertBinary.run(["handshake", "--connect", target, "--trust", trust, "--at", Self.at,
                                          "--timeout", "20s", "--read-timeout", "10s", "--format", "json"] + extra)
        let json = try run.json()
        #expect(json["schema"] as? String == "meshcert.handshake.v1")
        let checks = try #require(json["checks"] as? [[String: Any]], "stdout: \(run.stdout) stderr: \(run.stderr)")
        return (run.status, try #require(checks.first))
    }

    func sServer(_ cert: String, _ key: String, _ extra: [String] = []) throws -> LoopbackProcess {
        let port = try LoopbackProcess.freePort()
        return try LoopbackProcess.start("openssl", ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", cert, "-key", key] + extra,
                                         port: port)
    }

    @Test func goodServerIsOkAndServiceConnectCompatible() throws {
        let server = try sServer("Certs/short-lived/users.pem", "Certs/short-lived/users.key")
        defer { server.stop() }
        let (status, c) = try check(server.target, ["--server-name", "users.sc.internal"])
        #expect(status == 0)
        #expect(c["reason"] as? String == "ok")
        #expect(c["outcome"] as? String == "ok")
        #expect(c["protocol"] as? String == "TLSv1.3")
        #expect(c["serverName"] as? String == "users.sc.internal")
        #expect(c["clientAuth"] as? String == "none")
        #expect(c["serviceConnectCompatible"] as? Bool == true)
        #expect(c["matchedExpectation"] as? Bool == true)
        let chain = try #require(c["peerChain"] as? [[String: Any]])
        #expect(chain.first?["subject"] as? String == "CN=users.sc.internal,OU=service connect,O=Example Corp,C=US")
        #expect(chain.first?["notAfter"] as? String == "2026-12-08T00:00:00Z")
        #expect((chain.first?["sha256"] as? String)?.count == 64)
    }

    @Test func ipTargetIsCheckedAgainstIPSANWithoutSNI() throws {
        let server = try sServer("Certs/short-lived/users.pem", "Certs/short-lived/users.key")
        defer { server.stop() }
        let (status, c) = try check(server.target)
        #expect(status == 0)
        #expect(c["reason"] as? String == "ok")
        #expect(c["serverName"] is NSNull)
    }

    @Test(arguments: [
        ("expired", "expired"),
        ("not-yet-valid", "not_yet_valid"),
        ("wrong-name", "hostname_mismatch"),
        ("unknown-ca", "untrusted"),
    ])
    func certificateProblemsAreDiagnosed(fixture: String, reason: String) throws {
        let path = Self.fixtures + "/" + fixture
        let server = try sServer(path + ".pem", path + ".key")
        defer { server.stop() }
        let (status, c) = try check(server.target, ["--server-name", "users.sc.internal"])
        #expect(status == 1)
        #expect(c["outcome"] as? String == "fail")
        #expect(c["reason"] as? String == reason, "\(c["detail"] ?? "")")
        #expect(c["serviceConnectCompatible"] as? Bool == false)
        #expect((c["detail"] as? String)?.contains("certificate verify failed") == true)
        // The expectation can say "this must fail this way": then the run succeeds.
        let (expectedStatus, e) = try check(server.target, ["--server-name", "users.sc.internal", "--expect", reason])
        #expect(expectedStatus == 0)
        #expect(e["matchedExpectation"] as? Bool == true)
    }

    @Test func requiredClientCertificateIsCaughtAfterSSLConnect() throws {
        let server = try sServer("Certs/short-lived/users.pem", "Certs/short-lived/users.key",
                                 ["-Verify", "1", "-CAfile", "Certs/pki/ca-bundle.pem"])
        defer { server.stop() }
        let (status, c) = try check(server.target)
        #expect(status == 1)
        #expect(c["reason"] as? String == "client_certificate_required")
        #expect(c["protocol"] as? String == "TLSv1.3")  // SSL_connect succeeded; the read caught it
        #expect(c["clientAuth"] as? String == "required")
        #expect((c["detail"] as? String)?.contains("certificate required") == true)
        // With the client certificate it works, and the probe without it still says "required".
        let (okStatus, ok) = try check(server.target, Self.clientCert)
        #expect(okStatus == 0)
        #expect(ok["reason"] as? String == "ok")
        #expect(ok["clientAuth"] as? String == "required")
        #expect(ok["serviceConnectCompatible"] as? Bool == false)
        // Cross-check with what s_server did: it refused a connection without a certificate.
        #expect(server.output().contains("peer did not return a certificate"))
        // TLS 1.2: the server fails the handshake itself.
        let (_, tls12) = try check(server.target, ["--max-tls", "1.2"])
        #expect(tls12["reason"] as? String == "client_certificate_required")
        #expect(tls12["protocol"] as? String == "TLSv1.2")
    }

    /// TLS 1.3: the server judges our certificate after SSL_connect succeeded, so its alert is
    /// read after our close_notify and FIN (the half-close must not cost the diagnosis).
    @Test func rejectedClientCertificateIsReportedWithTheServersAlert() throws {
        let server = try sServer("Certs/short-lived/users.pem", "Certs/short-lived/users.key",
                                 ["-Verify", "1", "-verify_return_error", "-CAfile", Self.shortLivedCA])
        defer { server.stop() }
        // The App Mesh client certificate is issued by a CA this server does not trust.
        let (status, c) = try check(server.target, ["--server-name", "users.sc.internal"] + Self.clientCert)
        #expect(status == 1)
        #expect(c["reason"] as? String == "client_certificate_rejected")
        #expect(c["protocol"] as? String == "TLSv1.3")
        #expect((c["detail"] as? String)?.contains("rejected the client certificate (alert: unknown CA)") == true, "\(c["detail"] ?? "")")
        #expect(c["clientAuth"] as? String == "required")
    }

    @Test func optionalClientCertificateIsRequested() throws {
        let server = try sServer("Certs/short-lived/users.pem", "Certs/short-lived/users.key",
                                 ["-verify", "1", "-CAfile", "Certs/pki/ca-bundle.pem"])
        defer { server.stop() }
        let (status, c) = try check(server.target)
        #expect(status == 0)
        #expect(c["reason"] as? String == "ok")
        #expect(c["clientAuth"] as? String == "requested")
        let (_, withCert) = try check(server.target, Self.clientCert)
        #expect(withCert["reason"] as? String == "ok")
        #expect(withCert["clientAuth"] as? String == "requested")
        // s_server accepted the connection without a certificate rather than refusing it.
        #expect(!server.output().contains("peer did not return a certificate"))
    }

    /// A TLS 1.3 server that sends no session tickets, single-threaded like s_server: meshcert's
    /// close_notify right after its Finished lets the server close at once, so the post-handshake
    /// read ends with the server's close instead of the read deadline, and the checks queued
    /// behind it on the same server are not held up until their handshake deadline.
    @Test func serverWithoutTicketsIsNotHeldUntilTheReadDeadline() throws {
        let server = try sServer("Certs/short-lived/users.pem", "Certs/short-lived/users.key", ["-num_tickets", "0"])
        defer { server.stop() }
        // Read deadline 30 s, handshake deadline 10 s: had the first connection waited for tickets
        // until its read deadline, the two queued behind it would time out in their handshakes.
        let run = try MeshcertBinary.run(["handshake", "--connect", server.target, "--server-name", "users.sc.internal",
                                          "--trust", Self.shortLivedCA, "--at", Self.at, "--timeout", "10s",
                                          "--read-timeout", "30s", "--repeat", "3", "--jobs", "3", "--format", "json"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let checks = try #require(try run.json()["checks"] as? [[String: Any]])
        let c = try #require(checks.first)
        #expect(c["reason"] as? String == "ok", "\(c["detail"] ?? "")")
        #expect(c["protocol"] as? String == "TLSv1.3")
        let load = try #require(c["load"] as? [String: Any])
        #expect(load["handshakes"] as? Int == 3)
        #expect(load["missedExpectation"] as? Int == 0)
    }

    @Test func tls12OnlyServerAgainstMinTLS13IsProtocolMismatch() throws {
        let server = try sServer("Certs/short-lived/users.pem", "Certs/short-lived/users.key", ["-tls1_2"])
        defer { server.stop() }
        let (status, c) = try check(server.target, ["--min-tls", "1.3"])
        #expect(status == 1)
        #expect(c["reason"] as? String == "protocol_mismatch")
        // Without the floor it connects, but over TLS 1.2: not what Service Connect speaks.
        let (okStatus, ok) = try check(server.target)
        #expect(okStatus == 0)
        #expect(ok["protocol"] as? String == "TLSv1.2")
        #expect(ok["serviceConnectCompatible"] as? Bool == false)
        #expect((ok["detail"] as? String)?.contains("TLS 1.3 only") == true)
    }

    @Test func closedPortIsConnectionRefused() throws {
        let port = try LoopbackProcess.freePort()
        let (status, c) = try check("127.0.0.1:\(port)")
        #expect(status == 1)
        #expect(c["reason"] as? String == "connection_refused")
        #expect(c["connectMs"] is NSNull)
    }

    @Test func silentListenerTimesOutWithinTheHandshakeDeadline() throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let run = try MeshcertBinary.run(["handshake", "--connect", "127.0.0.1:\(listener.port)", "--trust", Self.shortLivedCA,
                                          "--timeout", "1s", "--format", "json"], timeout: 60)
        #expect(run.status == 1)
        let check = try #require((try run.json()["checks"] as? [[String: Any]])?.first)
        #expect(check["reason"] as? String == "timeout")
        #expect((check["detail"] as? String)?.contains("handshake deadline") == true)
    }

    @Test func plaintextListenerIsNotTLS() throws {
        let port = try LoopbackProcess.freePort()
        let server = try LoopbackProcess.start("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1"], port: port)
        defer { server.stop() }
        let (status, c) = try check(server.target)
        #expect(status == 1)
        #expect(c["reason"] as? String == "not_tls")
    }

    @Test func endlessChainEndsAsHandshakeFailure() throws {
        // s_server sending its leaf plus ~1,000 chain certificates (far over the 100 KiB we accept).
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-chain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let intermediate = try String(contentsOf: MeshcertBinary.repoRoot.appendingPathComponent("Certs/pki/intermediate-ca.pem"), encoding: .utf8)
        let chain = dir.appendingPathComponent("chain.pem")
        try String(repeating: intermediate, count: 1000).write(to: chain, atomically: true, encoding: .utf8)
        let server = try sServer("Certs/pki/users.pem", "Certs/pki/users.key", ["-cert_chain", chain.path])
        defer { server.stop() }
        let (status, c) = try check(server.target, [], trust: "Certs/pki/root-ca.pem")
        #expect(status == 1)
        #expect(c["reason"] as? String == "handshake_failure")
        #expect((c["detail"] as? String)?.contains("excessive message size") == true, "\(c["detail"] ?? "")")
    }

    @Test func resetMidHandshakeIsHandshakeFailure() throws {
        let listener = try SilentListener()
        defer { listener.close() }
        // Accept, read the ClientHello, then reset the connection (SO_LINGER 0).
        let fd = listener.fd
        let thread = Thread {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 4096)
            _ = read(client, &buffer, buffer.count)
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            Glibc.close(client)
        }
        thread.start()
        let (status, c) = try check("127.0.0.1:\(listener.port)")
        #expect(status == 1)
        #expect(c["reason"] as? String == "handshake_failure")
        #expect((c["detail"] as? String)?.contains("reset") == true, "\(c["detail"] ?? "")")
    }

    @Test func unresolvableHostIsDNSFailure() throws {
        let (status, c) = try check("no-such-service.invalid:443")
        #expect(status == 1)
        #expect(c["reason"] as? String == "dns_failure")
    }

    @Test func planRunsNamedChecksWithExpectationsAndRepeat() throws {
        let good = try sServer("Certs/short-lived/users.pem", "Certs/short-lived/users.key")
        defer { good.stop() }
        let mtls = try sServer("Certs/pki/users-chain.pem", "Certs/pki/users.key",
                               ["-Verify", "1", "-CAfile", "Certs/pki/ca-bundle.pem"])
        defer { mtls.stop() }
        let closed = try LoopbackProcess.freePort()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = MeshcertBinary.repoRoot.path
        let plan = dir.appendingPathComponent("plan.yaml")
        try """
        checks:
          - name: frontend->users
            client: frontend
            server: users
            connect: \(good.target)
            serverName: users.sc.internal
            trust: \(root)/Certs/short-lived/short-lived-ca.pem
            minTLS: "1.3"
          - name: sc-frontend->appmesh-users
            connect: \(mtls.target)
            serverName: users.apps.local
            trust: \(root)/Certs/pki/root-ca.pem
            expect: client_certificate_required
          - name: appmesh-frontend->appmesh-users
            connect: \(mtls.target)
            serverName: users.apps.local
            trust: \(root)/Certs/pki/root-ca.pem
            clientCertificate: {cert: \(root)/Certs/pki/frontend-client.pem, key: \(root)/Certs/pki/frontend-client.key}
          - name: nobody-home
            connect: 127.0.0.1:\(closed)
            trust: \(root)/Certs/pki/root-ca.pem
            expect: connection_refused
        """.write(to: plan, atomically: true, encoding: .utf8)
        let run = try MeshcertBinary.run(["handshake", "--plan", plan.path, "--jobs", "2", "--repeat", "5", "--at", Self.at,
                                          "--timeout", "20s", "--format", "json"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let json = try run.json()
        let checks = try #require(json["checks"] as? [[String: Any]])
        #expect(checks.map { $0["name"] as? String } == ["frontend->users", "sc-frontend->appmesh-users",
                                                         "appmesh-frontend->appmesh-users", "nobody-home"])
        #expect(checks.map { $0["reason"] as? String } == ["ok", "client_certificate_required", "ok", "connection_refused"])
        #expect(checks[2]["clientAuth"] as? String == "required")
        #expect(checks[2]["serviceConnectCompatible"] as? Bool == false)
        for check in checks {
            let load = try #require(check["load"] as? [String: Any])
            #expect(load["handshakes"] as? Int == 5)
            #expect(load["missedExpectation"] as? Int == 0)
            #expect(load["handshakesPerSecond"] is Double)
            #expect(load["p99Ms"] is Double)
            // Where each repetition's time went: the phases are parts of the whole.
            let mean = try #require(load["meanMs"] as? [String: Double])
            #expect(Set(mean.keys) == ["connect", "handshake", "postHandshake", "total"])
            #expect(mean["total"]! >= mean["connect"]! + mean["handshake"]! + mean["postHandshake"]! - 0.01)
        }
        // TLS 1.3 checks that completed their handshake read the post-handshake flight.
        let loads = checks.compactMap { $0["load"] as? [String: Any] }.compactMap { $0["meanMs"] as? [String: Double] }
        #expect(loads[0]["postHandshake"]! > 0)
        #expect(loads[1]["postHandshake"]! > 0)  // the read that caught "certificate required"
        #expect(loads[3]["postHandshake"] == 0)  // connection refused: no handshake, no read
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["matchedExpectation"] as? Int == 4)
        #expect(summary["ok"] as? Int == 2)

        // The same plan with the wrong floor for the App Mesh server: it misses, exit 1.
        let strict = try MeshcertBinary.run(["handshake", "--plan", plan.path, "--at", Self.at, "--timeout", "20s"])
        #expect(strict.status == 0)
        let bad = dir.appendingPathComponent("bad.yaml")
        try """
        checks:
          - name: appmesh-users-over-tls12
            connect: \(mtls.target)
            serverName: users.apps.local
            trust: \(root)/Certs/pki/root-ca.pem
            maxTLS: "1.2"
        """.write(to: bad, atomically: true, encoding: .utf8)
        let missed = try MeshcertBinary.run(["handshake", "--plan", bad.path, "--at", Self.at, "--timeout", "20s"])
        #expect(missed.status == 1)
        #expect(missed.stdout.contains("client_certificate_required (!)"))
    }

    @Test func usageErrorsExitTwo() throws {
        let missingTrust = try MeshcertBinary.run(["handshake", "--connect", "127.0.0.1:1"])
        #expect(missingTrust.status == 2)
        #expect(missingTrust.stderr.contains("--trust"))
        let badTrust = try MeshcertBinary.run(["handshake", "--connect", "127.0.0.1:1", "--trust", "Certs/pki/root-ca.key"])
        #expect(badTrust.status == 2)
        #expect(badTrust.stderr.contains("Certs/pki/root-ca.key"))
        #expect(!badTrust.stderr.contains("PRIVATE KEY"))
        let badReason = try MeshcertBinary.run(["handshake", "--connect", "127.0.0.1:1", "--trust", Self.shortLivedCA, "--expect", "fine"])
        #expect(badReason.status == 2)
    }
}

/// A child process serving on a loopback port (s_server, http.server), killed by `stop()`.
final class LoopbackProcess {
    let process: Process
    let port: Int
    private let stdin = Pipe()
    private let logURL: URL

    var target: String { "127.0.0.1:\(port)" }

    static func start(_ tool: String, _ arguments: [String], port: Int) throws -> LoopbackProcess {
        let server = LoopbackProcess(tool, arguments, port: port)
        try MeshcertBinary.launch(server.process)
        // Ready when the port accepts TCP (s_server logs and survives the probe connection).
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if LoopbackProcess.accepts(port) { return server }
            if !server.process.isRunning { break }
            usleep(50_000)
        }
        server.stop()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "\(tool) did not listen on \(port): \(server.output())"])
    }

    private init(_ tool: String, _ arguments: [String], port: Int) {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.currentDirectoryURL = MeshcertBinary.repoRoot
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-\(tool)-\(port)-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try? FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = stdin  // kept open: s_server quits on end of input
        self.port = port
    }

    func output() -> String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    func stop() {
        if process.isRunning {
            // SIGKILL: a child may inherit an ignored SIGTERM from the test runner.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: logURL)
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0
            }
        }
        guard ok else { throw CocoaError(.fileReadUnknown) }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// A TCP listener that never accepts nor answers: the kernel completes the TCP handshake, then
/// nothing ever arrives (the "silent peer").
final class SilentListener {
    let fd: Int32
    let port: Int

    init() throws {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(s, $0, len) == 0 && listen(s, 16) == 0 && getsockname(s, $0, &len) == 0
            }
        }
        guard ok else { Glibc.close(s); throw CocoaError(.fileReadUnknown) }
        fd = s
        port = Int(UInt16(bigEndian: addr.sin_port))
    }

    func close() { Glibc.close(fd) }
}
