import Foundation
import Testing

/// `meshcert verify` as a user runs it, on the committed demo PKI (users.apps.local is valid
/// 2026-06-01T00:00:00Z through 2027-07-01T00:00:00Z, issued by the App Mesh issuing CA).
@Suite struct VerifyEndToEndTests {
    let chain = "Certs/pki/users-chain.pem"
    let root = "Certs/pki/root-ca.pem"

    @Test func aGoodChainVerifiesWithItsPath() throws {
        let run = try MeshcertBinary.run(["verify", chain, "--trust", root, "--name", "users.apps.local",
                                          "--purpose", "server", "--at", "2026-12-02T00:00:00Z", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try run.json()
        #expect(doc["schema"] as? String == "meshcert.verify.v1")
        #expect(doc["verified"] as? Bool == true)
        #expect(doc["code"] as? String == "X509_V_OK")
        let path = try #require(doc["path"] as? [[String: Any]])
        #expect(path.compactMap { $0["role"] as? String } == ["leaf", "intermediate", "root"])
        #expect(path.first?["notAfter"] as? String == "2027-07-01T00:00:00Z")
        let policy = try #require(doc["policy"] as? [String: Any])
        #expect(policy["profile"] as? String == "compatible")
        #expect((doc["offered"] as? [String: Any])?["intermediates"] as? Int == 1)
    }

    @Test(arguments: [("2027-06-30T23:59:59Z", Int32(0)), ("2027-07-01T00:00:00Z", 0), ("2027-07-01T00:00:01Z", 1)])
    func notAfterIsInclusive(at: String, status: Int32) throws {
        let run = try MeshcertBinary.run(["verify", chain, "--trust", root, "--at", at, "--format", "json"])
        #expect(run.status == status, "\(at): \(run.stdout)")
        if status == 1 {
            #expect(try run.json()["code"] as? String == "X509_V_ERR_CERT_HAS_EXPIRED")
            #expect(try run.json()["depth"] as? Int == 0)
        }
    }

    @Test func aMismatchedNameFailsWithExitOneAndTheCode() throws {
        let run = try MeshcertBinary.run(["verify", chain, "--trust", root, "--name", "users.sc.internal",
                                          "--at", "2026-12-02T00:00:00Z"])
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("NOT verified: hostname mismatch [X509_V_ERR_HOSTNAME_MISMATCH] at depth 0"))
    }

    @Test func theServiceConnectLeafIsNotTrustedByTheAppMeshRoot() throws {
        let run = try MeshcertBinary.run(["verify", "Certs/short-lived/users.pem", "--trust", root,
                                          "--at", "2026-12-02T00:00:00Z", "--format", "json"])
        #expect(run.status == 1)
        #expect(try run.json()["code"] as? String == "X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY")
    }

    @Test func partialChainTrustsAnIntermediateAnchor() throws {
        let args = ["verify", "Certs/pki/users.pem", "--trust", "Certs/pki/intermediate-ca.pem", "--at", "2026-12-02T00:00:00Z"]
        #expect(try MeshcertBinary.run(args).status == 1)
        let partial = try MeshcertBinary.run(args + ["--partial-chain", "--format", "json"])
        #expect(partial.status == 0)
        let path = try #require(try partial.json()["path"] as? [[String: Any]])
        #expect(path.compactMap { $0["role"] as? String } == ["leaf", "anchor"])
    }

    /// Tests/Fixtures/crl: the root revokes nothing, the issuing CA revokes stock.apps.local.
    @Test func crlsAreCheckedForTheWholeChain() throws {
        let crls = ["--crl", "Tests/Fixtures/crl/root-ca.crl", "--crl", "Tests/Fixtures/crl/intermediate-ca.crl"]
        let at = ["--at", "2026-12-02T00:00:00Z", "--format", "json"]
        let users = try MeshcertBinary.run(["verify", chain, "--trust", root] + crls + at)
        #expect(users.status == 0, "\(users.stdout)")
        let policy = try #require(try users.json()["policy"] as? [String: Any])
        #expect((policy["checks"] as? [String])?.contains("crl_check_all") == true)
        let stock = try MeshcertBinary.run(["verify", "Certs/pki/stock-chain.pem", "--trust", root] + crls + at)
        #expect(stock.status == 1)
        #expect(try stock.json()["code"] as? String == "X509_V_ERR_CERT_REVOKED")
        // Without the root's CRL, the issuing CA's own status cannot be checked.
        let partial = try MeshcertBinary.run(["verify", chain, "--trust", root, "--crl", "Tests/Fixtures/crl/intermediate-ca.crl"] + at)
        #expect(partial.status == 1)
        #expect(try partial.json()["code"] as? String == "X509_V_ERR_UNABLE_TO_GET_CRL")
        #expect(try partial.json()["depth"] as? Int == 1)
    }

    @Test func unreadableInputsAreNamedAndExitTwo() throws {
        let run = try MeshcertBinary.run(["verify", "no/such/peer.pem", "--trust", "no/such/root.pem", "--crl", "no/such.crl"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no/such/peer.pem: peer: cannot open"))
        #expect(run.stderr.contains("no/such/root.pem: --trust: cannot open"))
        let crl = try MeshcertBinary.run(["verify", chain, "--trust", root, "--crl", root])
        #expect(crl.status == 2)
        #expect(crl.stderr.contains("\(root): --crl: no CRL in this file"))
        let usage = try MeshcertBinary.run(["verify", chain])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("--trust is required"))
    }
}
