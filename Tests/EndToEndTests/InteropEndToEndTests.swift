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
        let key = name.replacingOccurrences(of: "-chain.pem", with: ".pem").replacingOccurrences(of: ".pem", with: ".key")
        return ["--cert", pki.path(name), "--key", pki.path(key)]
    }

    /// meshcert's verdict agrees with s_client's (given the same client certificate, `-cert/-key`
    /// for meshcert's `--cert/--key` in `meshcertArguments`): both accept the server certificate or
    /// refuse it for the same kind of reason, and a refusal of the client certificate shows in
    /// s_client as an alert (TLS level) or as the same HTTP status (`--http-probe`).
    func agreesWithSClient(_ server: InteropServer, _ check: [String: Any], trust: String? = nil, meshcertArguments: [String] = [],
                           extra: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let pki = try Self.pki()
        var clientArguments: [String] = []
        for (flag, option) in [("--cert", "-cert"), ("--key", "-key")] {
            if let i = meshcertArguments.firstIndex(of: flag), i + 1 < meshcertArguments.count {
                clientArguments += [option, meshcertArguments[i + 1]]
                // meshcert sends the whole chain file, s_client's -cert only its first certificate.
                if flag == "--cert" { clientArguments += ["-cert_chain", meshcertArguments[i + 1]] }
            }
        }
        let verdict = try SClientVerdict.run(server.target, trust: trust ?? pki.path("root.pem"), extra: clientArguments + extra)
        let reason = check["reason"] as? String ?? ""
        let said = "meshcert \(reason): \(check["detail"] ?? ""); s_client: \(verdict.output)"
        let expectedErrors: [String: Set<Int>] = [
            "expired": [10], "not_yet_valid": [9], "hostname_mismatch": [62], "incomplete_chain": [2, 20, 21],
            "untrusted": [2, 7, 18, 19, 20, 21, 27, 28],
        ]
        if let errors = expectedErrors[reason] {
            #expect(verdict.verifyError.map(errors.contains) == true, "\(said)", sourceLocation: sourceLocation)
            return
        }
        #expect(verdict.verifyError == nil, "\(said)", sourceLocation: sourceLocation)
        let http = check["httpProbe"] as? [String: Any]
        switch reason {
        case "protocol_mismatch":
            #expect(!verdict.handshakeCompleted, "\(said)", sourceLocation: sourceLocation)
        case "client_certificate_required", "client_certificate_rejected":
            if let status = http?["status"] as? Int {
                #expect(verdict.alert == nil && verdict.httpStatus == status, "\(said)", sourceLocation: sourceLocation)
            } else {
                #expect(verdict.alert != nil, "\(said)", sourceLocation: sourceLocation)
                if reason == "client_certificate_required", verdict.handshakeCompleted, verdict.alert?.hasPrefix("tlsv13") == true {
                    #expect(verdict.alert == "tlsv13 alert certificate required", "\(said)", sourceLocation: sourceLocation)
                }
            }
        default:
            #expect(verdict.handshakeCompleted && verdict.alert == nil, "\(said)", sourceLocation: sourceLocation)
            if http != nil { #expect(verdict.httpStatus == 200, "\(said)", sourceLocation: sourceLocation) }
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

    @Test func tls12OnlyIsOkButNotServiceConnectCompatible() throws {
        let server = try nginx { $0.protocols = "TLSv1.2" }
        defer { server.stop() }
        let (status, c) = try handshake(server)
        #expect(status == 0)
        #expect(c["reason"] as? String == "ok")
        #expect(c["protocol"] as? String == "TLSv1.2")
        #expect(c["serviceConnectCompatible"] as? Bool == false)
        #expect((c["detail"] as? String)?.contains("Service Connect speaks TLS 1.3 only") == true)
        try agreesWithSClient(server, c)
        // Pinned to TLS 1.3, the check fails and says what the server does offer.
        let (pinnedStatus, pinned) = try handshake(server, ["--min-tls", "1.3"])
        #expect(pinnedStatus == 1)
        #expect(pinned["reason"] as? String == "protocol_mismatch")
        #expect(pinned["serverVersions"] as? [String] == ["TLSv1.2"])
        #expect((pinned["detail"] as? String)?.contains("the server offers TLSv1.2 (this check allows min 1.3)") == true,
                "\(pinned["detail"] ?? "")")
        try agreesWithSClient(server, pinned, extra: ["-tls1_3"])
    }

    // MARK: client certificates

    /// nginx `ssl_verify_client on` finishes the TLS handshake without a certificate and refuses
    /// at the HTTP level: only --http-probe sees it.
    @Test func nginxVerifyClientOnRefusesAtTheHTTPLevel() throws {
        let pki = try Self.pki()
        let server = try nginx { $0.verifyClient = "on"; $0.clientCA = pki.path("root.pem") }
        defer { server.stop() }
        // TLS level only: ok, but the detail says what that does not prove.
        let (tlsStatus, tls) = try handshake(server)
        #expect(tlsStatus == 0)
        #expect(tls["reason"] as? String == "ok")
        #expect(tls["clientAuth"] as? String == "requested")
        #expect((tls["detail"] as? String)?.contains("TLS-level success does not prove the application accepts callers without one") == true)
        try agreesWithSClient(server, tls)
        // With the probe: nginx's 400 "No required SSL certificate was sent".
        let (status, c) = try handshake(server, ["--http-probe", "/healthz"])
        #expect(status == 1)
        #expect(c["reason"] as? String == "client_certificate_required", "\(c["detail"] ?? "")")
        #expect(c["clientAuth"] as? String == "required")
        #expect(c["serviceConnectCompatible"] as? Bool == false)
        let http = try #require(c["httpProbe"] as? [String: Any])
        #expect(http["path"] as? String == "/healthz")
        #expect(http["status"] as? Int == 400)
        #expect(http["clientCertificateProblem"] as? String == "No required SSL certificate was sent")
        try agreesWithSClient(server, c)
        // A good client certificate: 200.
        let goodArguments = ["--http-probe", "/healthz"] + (try client("client-chain.pem"))
        let (goodStatus, good) = try handshake(server, goodArguments)
        #expect(goodStatus == 0)
        #expect(good["reason"] as? String == "ok", "\(good["detail"] ?? "")")
        #expect((good["httpProbe"] as? [String: Any])?["status"] as? Int == 200)
        try agreesWithSClient(server, good, meshcertArguments: goodArguments)
        // Expired and rogue client certificates: the TLS handshake passes, nginx answers 400
        // "The SSL certificate error".
        for bad in ["client-expired-chain.pem", "client-rogue.pem"] {
            let arguments = ["--http-probe"] + (try client(bad))
            let (badStatus, b) = try handshake(server, arguments)
            #expect(badStatus == 1)
            #expect(b["reason"] as? String == "client_certificate_rejected", "\(bad): \(b["detail"] ?? "")")
            #expect((b["httpProbe"] as? [String: Any])?["clientCertificateProblem"] as? String == "The SSL certificate error")
            #expect((b["httpProbe"] as? [String: Any])?["path"] as? String == "/")
            try agreesWithSClient(server, b, meshcertArguments: arguments)
            // Without the probe the TLS level alone says ok (and so does s_client at that level).
            let (_, tlsOnly) = try handshake(server, try client(bad))
            #expect(tlsOnly["reason"] as? String == "ok")
            try agreesWithSClient(server, tlsOnly, meshcertArguments: try client(bad))
        }
    }

    @Test func nginxVerifyClientOptionalLetsCallersWithoutACertificateThrough() throws {
        let pki = try Self.pki()
        let server = try nginx { $0.verifyClient = "optional"; $0.clientCA = pki.path("root.pem") }
        defer { server.stop() }
        let (tlsStatus, tls) = try handshake(server)
        #expect(tlsStatus == 0)
        #expect(tls["clientAuth"] as? String == "requested")
        #expect((tls["detail"] as? String)?.contains("TLS-level success does not prove") == true)
        try agreesWithSClient(server, tls)
        // A bare --http-probe (here the last argument) asks for /.
        let (status, c) = try handshake(server, ["--http-probe"])
        #expect(status == 0)
        #expect(c["reason"] as? String == "ok", "\(c["detail"] ?? "")")
        #expect((c["httpProbe"] as? [String: Any])?["status"] as? Int == 200)
        #expect((c["httpProbe"] as? [String: Any])?["path"] as? String == "/")
        try agreesWithSClient(server, c)
        let goodArguments = ["--http-probe", "/"] + (try client("client-chain.pem"))
        let (goodStatus, good) = try handshake(server, goodArguments)
        #expect(goodStatus == 0)
        #expect(good["reason"] as? String == "ok")
        try agreesWithSClient(server, good, meshcertArguments: goodArguments)
        // optional still refuses a certificate it cannot verify.
        for bad in ["client-expired-chain.pem", "client-rogue.pem"] {
            let arguments = ["--http-probe", "/"] + (try client(bad))
            let (_, b) = try handshake(server, arguments)
            #expect(b["reason"] as? String == "client_certificate_rejected", "\(bad): \(b["detail"] ?? "")")
            try agreesWithSClient(server, b, meshcertArguments: arguments)
        }
    }

    /// haproxy `verify required` refuses at the TLS level (TLS 1.3: after SSL_connect).
    @Test func haproxyVerifyRequiredRefusesAtTheTLSLevel() throws {
        let pki = try Self.pki()
        try pki.write("haproxy.pem", try pki.read("leaf-chain.pem") + (try pki.read("leaf.key")))
        let server = try InteropServer.haproxy(certificateAndKey: pki.path("haproxy.pem"), clientCA: pki.path("root.pem"))
        defer { server.stop() }
        let (status, c) = try handshake(server)
        #expect(status == 1)
        #expect(c["reason"] as? String == "client_certificate_required", "\(c["detail"] ?? "")")
        #expect(c["clientAuth"] as? String == "required")
        #expect(c["protocol"] as? String == "TLSv1.3")
        try agreesWithSClient(server, c)
        // With --http-probe the refusal still comes as the TLS alert, read instead of an answer.
        let (_, probed) = try handshake(server, ["--http-probe"])
        #expect(probed["reason"] as? String == "client_certificate_required", "\(probed["detail"] ?? "")")
        #expect((probed["httpProbe"] as? [String: Any])?["status"] is NSNull)
        try agreesWithSClient(server, probed)
        let goodArguments = ["--http-probe", "/"] + (try client("client-chain.pem"))
        let (goodStatus, good) = try handshake(server, goodArguments)
        #expect(goodStatus == 0)
        #expect(good["reason"] as? String == "ok", "\(good["detail"] ?? "")")
        #expect(good["clientAuth"] as? String == "required")
        #expect((good["httpProbe"] as? [String: Any])?["status"] as? Int == 200)
        try agreesWithSClient(server, good, meshcertArguments: goodArguments)
        for bad in ["client-expired-chain.pem", "client-rogue.pem"] {
            let (badStatus, b) = try handshake(server, try client(bad))
            #expect(badStatus == 1)
            #expect(b["reason"] as? String == "client_certificate_rejected", "\(bad): \(b["detail"] ?? "")")
            #expect((b["detail"] as? String)?.contains("the server rejected the client certificate") == true)
            try agreesWithSClient(server, b, meshcertArguments: try client(bad))
        }
        let (_, tls12) = try handshake(server, ["--max-tls", "1.2"])
        #expect(tls12["reason"] as? String == "client_certificate_required")
        #expect(tls12["protocol"] as? String == "TLSv1.2")
        try agreesWithSClient(server, tls12, extra: ["-tls1_2"])
    }

    // MARK: chains

    @Test func leafOnlyChainIsIncomplete() throws {
        let server = try nginx("leaf.pem")
        defer { server.stop() }
        let (status, c) = try handshake(server)
        #expect(status == 1)
        #expect(c["reason"] as? String == "incomplete_chain", "\(c["detail"] ?? "")")
        let chain = try #require(c["chain"] as? [String: Any])
        #expect(chain["complete"] as? Bool == false)
        #expect(chain["missingIssuer"] as? String == "CN=Interop Intermediate CA,OU=meshcert interop,O=Example Corp")
        #expect((c["detail"] as? String)?.contains("the server must send its intermediate") == true)
        try agreesWithSClient(server, c)
        // The leaf names where its issuer is published (caIssuers): whatever --trust holds, the
        // server should have sent that intermediate.
        let pki = try Self.pki()
        let (_, rogue) = try handshake(server, trust: pki.path("rogue-root.pem"))
        #expect(rogue["reason"] as? String == "incomplete_chain")
        // With the intermediate sent, a trust file without its root is an unknown CA: untrusted.
        let chained = try nginx("leaf-chain.pem")
        defer { chained.stop() }
        let (_, unknown) = try handshake(chained, trust: pki.path("rogue-root.pem"))
        #expect(unknown["reason"] as? String == "untrusted", "\(unknown["detail"] ?? "")")
        try agreesWithSClient(chained, unknown, trust: pki.path("rogue-root.pem"))
    }

    @Test func leafRootIntermediateIsOkWithWarnings() throws {
        let server = try nginx("leaf-root-intermediate.pem")
        defer { server.stop() }
        let (status, c) = try handshake(server)
        #expect(status == 0)
        #expect(c["reason"] as? String == "ok", "\(c["detail"] ?? "")")
        let chain = try #require(c["chain"] as? [String: Any])
        #expect(chain["complete"] as? Bool == true)
        #expect(chain["order"] as? String == "misordered")
        let superfluous = try #require(chain["superfluous"] as? [[String: Any]])
        #expect(superfluous.count == 1)
        #expect(superfluous.first?["position"] as? Int == 1)
        #expect(superfluous.first?["kind"] as? String == "root")
        let codes = (c["warnings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(codes == ["chain_misordered", "superfluous_certificates"])
        try agreesWithSClient(server, c)
    }

    @Test func intermediateEndingInTenDaysWarns() throws {
        let server = try nginx("leaf-soon-chain.pem", key: "leaf-soon.key")
        defer { server.stop() }
        let (status, c) = try handshake(server)
        #expect(status == 0)
        #expect(c["reason"] as? String == "ok")
        let chain = try #require(c["chain"] as? [String: Any])
        #expect(chain["expiringSoon"] as? Bool == true)
        #expect(chain["warnDays"] as? Int == 30)
        let earliest = try #require(chain["earliestExpiry"] as? [String: Any])
        #expect(earliest["position"] as? Int == 1)
        #expect(earliest["subject"] as? String == "CN=Interop Intermediate CA Ending Soon,OU=meshcert interop,O=Example Corp")
        let warnings = c["warnings"] as? [[String: Any]] ?? []
        #expect(warnings.map { $0["code"] as? String } == ["chain_expiring_soon"])
        // A window shorter than the 10 days left: no warning.
        let (_, narrow) = try handshake(server, ["--warn-days", "5"])
        #expect((narrow["chain"] as? [String: Any])?["expiringSoon"] as? Bool == false)
        #expect((narrow["warnings"] as? [Any])?.isEmpty == true)
        try agreesWithSClient(server, c)
    }

    @Test func expiredLeafAndExpiredIntermediateAreNamed() throws {
        let leaf = try nginx("leaf-expired-chain.pem", key: "leaf-expired.key")
        defer { leaf.stop() }
        let (status, c) = try handshake(leaf)
        #expect(status == 1)
        #expect(c["reason"] as? String == "expired")
        let bad = try #require((c["chain"] as? [String: Any])?["outsideValidity"] as? [String: Any])
        #expect(bad["position"] as? Int == 0)
        #expect(bad["subject"] as? String == "CN=localhost,OU=meshcert interop,O=Example Corp")
        #expect((c["detail"] as? String)?.contains("'CN=localhost,OU=meshcert interop,O=Example Corp' (position 0 of the chain sent) expired at") == true,
                "\(c["detail"] ?? "")")
        try agreesWithSClient(leaf, c)

        let intermediate = try nginx("leaf-under-expired-chain.pem", key: "leaf-under-expired.key")
        defer { intermediate.stop() }
        let (_, i) = try handshake(intermediate)
        #expect(i["reason"] as? String == "expired")
        let badIntermediate = try #require((i["chain"] as? [String: Any])?["outsideValidity"] as? [String: Any])
        #expect(badIntermediate["position"] as? Int == 1)
        #expect(badIntermediate["subject"] as? String == "CN=Interop Intermediate CA Expired,OU=meshcert interop,O=Example Corp")
        #expect((i["detail"] as? String)?.contains("Interop Intermediate CA Expired") == true)
        try agreesWithSClient(intermediate, i)
    }

    @Test func wrongNameListsTheCertificatesNames() throws {
        let server = try nginx("wrong-name-chain.pem", key: "wrong-name.key")
        defer { server.stop() }
        let (status, c) = try handshake(server)
        #expect(status == 1)
        #expect(c["reason"] as? String == "hostname_mismatch")
        #expect((c["detail"] as? String)?.hasSuffix("the certificate names DNS:other.test, DNS:www.other.test") == true, "\(c["detail"] ?? "")")
        try agreesWithSClient(server, c)
    }

    // MARK: OCSP stapling and the peer chain's fields

    @Test func ocspStaplingOnAndOff() throws {
        let pki = try Self.pki()
        let stapled = try nginx { $0.staplingFile = pki.path("leaf-ocsp.der") }
        defer { stapled.stop() }
        let (status, c) = try handshake(stapled)
        #expect(status == 0)
        #expect(c["ocspStapled"] as? Bool == true, "\(stapled.log())")
        try agreesWithSClient(stapled, c)
        let sClient = try SClientVerdict.run(stapled.target, trust: pki.path("root.pem"), extra: ["-status"], brief: false)
        #expect(sClient.output.contains("OCSP Response Status: successful"))

        let plain = try nginx()
        defer { plain.stop() }
        let (_, p) = try handshake(plain)
        #expect(p["ocspStapled"] as? Bool == false)
        // The leaf's fields, as the server sent them.
        let leaf = try #require((p["peerChain"] as? [[String: Any]])?.first)
        #expect(leaf["dnsNames"] as? [String] == InteropPKI.dnsNames)
        #expect(leaf["ipAddresses"] as? [String] == ["127.0.0.1"])
        #expect(leaf["ocspURIs"] as? [String] == [InteropPKI.ocspURI])
        #expect(leaf["caIssuersURIs"] as? [String] == [InteropPKI.caIssuersURI])
        #expect(leaf["crlURIs"] as? [String] == [InteropPKI.crlURI])
        #expect(leaf["signatureAlgorithm"] as? String == "ecdsa-with-SHA256")
        #expect((leaf["key"] as? [String: Any])?["curve"] as? String == "P-256")
        #expect((leaf["serial"] as? String)?.isEmpty == false)
        #expect(leaf["notBefore"] is String)
        // The root (RSA 3072) is the anchor from --trust: the earliest expiry is the leaf's.
        let chain = try #require(p["chain"] as? [String: Any])
        #expect((chain["earliestExpiry"] as? [String: Any])?["position"] as? Int == 0)
        #expect(chain["complete"] as? Bool == true)
        #expect(chain["order"] as? String == "ok")
    }
}
