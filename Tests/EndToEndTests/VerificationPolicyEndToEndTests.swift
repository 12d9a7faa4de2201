import Foundation
import Testing

/// One chain that the `compatible` profile accepts and `strict` rejects (a root whose
/// basicConstraints is not critical: X509_V_ERR_CA_BCONS_NOT_CRITICAL under X509_STRICT), made
/// with the openssl CLI at run time, through verify, scan and a real handshake against s_server.
@Suite struct VerificationPolicyEndToEndTests {
    struct LaxPKI {
        let dir: URL
        var root: String { dir.appendingPathComponent("root.pem").path }
        var leaf: String { dir.appendingPathComponent("leaf.pem").path }
        var key: String { dir.appendingPathComponent("leaf.key").path }

        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("lax-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try "[req]\ndistinguished_name=dn\n[dn]\n[v3]\nbasicConstraints=CA:TRUE\nkeyUsage=keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n"
                .write(to: dir.appendingPathComponent("lax.cnf"), atomically: true, encoding: .utf8)
            try "subjectAltName=DNS:lax.test\nextendedKeyUsage=serverAuth\nauthorityKeyIdentifier=keyid\nbasicConstraints=critical,CA:FALSE\n"
                .write(to: dir.appendingPathComponent("leaf.ext"), atomically: true, encoding: .utf8)
            for args in [
                ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "root.key"],
                ["req", "-new", "-x509", "-key", "root.key", "-subj", "/CN=Lax Root", "-days", "3650", "-config", "lax.cnf",
                 "-extensions", "v3", "-out", "root.pem"],
                ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "leaf.key"],
                ["req", "-new", "-key", "leaf.key", "-subj", "/CN=lax.test", "-config", "lax.cnf", "-out", "leaf.csr"],
                ["x509", "-req", "-in", "leaf.csr", "-CA", "root.pem", "-CAkey", "root.key", "-set_serial", "7", "-days", "30",
                 "-extfile", "leaf.ext", "-out", "leaf.pem"],
            ] {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                p.arguments = ["openssl"] + args
                p.currentDirectoryURL = dir
                p.standardOutput = FileHandle.nullDevice
                p.standardError = FileHandle.nullDevice
                try MeshcertBinary.launch(p)
                p.waitUntilExit()
                guard p.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: ["openssl": args]) }
            }
        }

        func remove() { try? FileManager.default.removeItem(at: dir) }
    }

    @Test func verifyWarnsThatStrictRejects() throws {
        let pki = try LaxPKI()
        defer { pki.remove() }
        let compatible = try MeshcertBinary.run(["verify", pki.leaf, "--trust", pki.root, "--name", "lax.test", "--format", "json"])
        #expect(compatible.status == 0)
        let warnings = try #require(try compatible.json()["warnings"] as? [[String: Any]])
        #expect(warnings.first?["code"] as? String == "strict_validation_failed")
        #expect((warnings.first?["detail"] as? String)?.contains("X509_V_ERR_CA_BCONS_NOT_CRITICAL") == true)
        let strict = try MeshcertBinary.run(["verify", pki.leaf, "--trust", pki.root, "--verify-profile", "strict", "--format", "json"])
        #expect(strict.status == 1)
        #expect(try strict.json()["code"] as? String == "X509_V_ERR_CA_BCONS_NOT_CRITICAL")
    }

    @Test func scanKeepsItsVerdictAndAddsTheWarning() throws {
        let pki = try LaxPKI()
        defer { pki.remove() }
        func leafEntry(_ extra: [String]) throws -> [String: Any] {
            let run = try MeshcertBinary.run(["scan", pki.leaf, "--trust", pki.root, "--format", "json"] + extra)
            let certs = try #require(try run.json()["certificates"] as? [[String: Any]])
            return try #require(certs.first { ($0["subject"] as? String)?.contains("lax.test") == true })
        }
        let compatible = try leafEntry([])
        let chain = try #require(compatible["chain"] as? [String: Any])
        #expect(chain["trusted"] as? Bool == true)
        #expect(chain["trustCode"] as? String == "X509_V_OK")
        #expect(chain["profile"] as? String == "compatible")
        let codes = (compatible["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(codes.contains("strict_validation_failed"))
        #expect(!codes.contains("untrusted_chain"))

        let strict = try leafEntry(["--verify-profile", "strict"])
        let strictChain = try #require(strict["chain"] as? [String: Any])
        #expect(strictChain["trusted"] as? Bool == false)
        #expect(strictChain["trustCode"] as? String == "X509_V_ERR_CA_BCONS_NOT_CRITICAL")
        let strictCodes = (strict["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(strictCodes.contains("untrusted_chain") && !strictCodes.contains("strict_validation_failed"))
    }

    @Test func handshakeReportsTheProfileTheCodeAndTheWarning() throws {
        let pki = try LaxPKI()
        defer { pki.remove() }
        let port = try LoopbackProcess.freePort()
        let server = try LoopbackProcess.start("openssl", ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", pki.leaf, "-key", pki.key],
                                               port: port)
        defer { server.stop() }
        func check(_ extra: [String]) throws -> [String: Any] {
            let run = try MeshcertBinary.run(["handshake", "--connect", server.target, "--server-name", "lax.test", "--trust", pki.root,
                                              "--timeout", "20s", "--read-timeout", "10s", "--format", "json"] + extra)
            return try #require((try run.json()["checks"] as? [[String: Any]])?.first, "\(run.stdout) \(run.stderr)")
        }
        let compatible = try check([])
        #expect(compatible["reason"] as? String == "ok")
        let verification = try #require(compatible["verification"] as? [String: Any])
        #expect(verification["profile"] as? String == "compatible" && verification["code"] as? String == "X509_V_OK")
        let warnings = (compatible["warnings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(warnings.contains("strict_validation_failed"))

        let strict = try check(["--verify-profile", "strict"])
        #expect(strict["reason"] as? String != "ok")
        #expect((strict["verification"] as? [String: Any])?["code"] as? String == "X509_V_ERR_CA_BCONS_NOT_CRITICAL")
        #expect((strict["detail"] as? String)?.contains("[X509_V_ERR_CA_BCONS_NOT_CRITICAL]") == true)
    }
}
