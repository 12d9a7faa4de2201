import Foundation
import Testing
@testable import MeshcertOpenSSL

/// The verification policy on the committed demo PKI (root -> issuing CA -> users.apps.local,
/// valid 2026-06-01 .. 2027-07-01) and on certificates issued here.
@Suite struct VerificationPolicyTests {
    static let pki = X509CertificateTests.certs.appendingPathComponent("pki")

    static func load(_ name: String) throws -> X509Certificate {
        let text = try String(contentsOf: pki.appendingPathComponent(name), encoding: .utf8)
        return try #require(pemCertificates(text).first)
    }

    static func pemCertificates(_ text: String) throws -> [X509Certificate] {
        let blocks = text.components(separatedBy: "-----BEGIN CERTIFICATE-----").dropFirst()
        return try blocks.map { block in
            let body = block.components(separatedBy: "-----END CERTIFICATE-----")[0]
                .split(whereSeparator: \.isNewline).joined()
            return try X509Certificate(der: [UInt8](try #require(Data(base64Encoded: body))))
        }
    }

    let root = try! load("root-ca.pem")
    let issuing = try! load("intermediate-ca.pem")
    let users = try! load("users.pem")

    func verifier(_ policy: VerificationPolicy = .compatible, anchors: [X509Certificate]? = nil,
                  at time: Int64) throws -> TrustVerifier {
        try TrustVerifier(anchors: anchors ?? [root], intermediates: [issuing], policy: policy, at: time)
    }

    @Test(arguments: [(-1, true), (0, true), (1, false)])
    func notAfterIsInclusive(offset: Int64, verified: Bool) throws {
        let verdict = try verifier(at: users.notAfter + offset).verdict(for: users)
        #expect(verdict.verified == verified)
        #expect(verdict.code == (verified ? "X509_V_OK" : "X509_V_ERR_CERT_HAS_EXPIRED"))
        if !verified {
            #expect(verdict.depth == 0)
            #expect(verdict.reason == "certificate has expired")
        }
    }

    @Test func reportsThePathWithRoles() throws {
        let verdict = try verifier(at: users.notBefore + 86400).verdict(for: users, purpose: .server, name: .dns("users.apps.local"))
        #expect(verdict.verified)
        #expect(verdict.path.map(\.role) == [.leaf, .intermediate, .root])
        #expect(verdict.path.map(\.subject) == [users.subjectName, issuing.subjectName, root.subjectName])
        #expect(verdict.path[1].notAfter == issuing.notAfter)
    }

    @Test func nameAndIPMismatchesAreNamed() throws {
        let v = try verifier(at: users.notBefore + 86400)
        #expect(v.verdict(for: users, name: .dns("orders.apps.local")).code == "X509_V_ERR_HOSTNAME_MISMATCH")
        #expect(v.verdict(for: users, name: PeerName("10.9.8.7")).code == "X509_V_ERR_IP_ADDRESS_MISMATCH")
    }

    @Test func anIntermediateAnchorNeedsPartialChain() throws {
        let at = users.notBefore + 86400
        let compatible = try verifier(anchors: [issuing], at: at).verdict(for: users)
        #expect(!compatible.verified)
        #expect(compatible.code == "X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT")
        for policy in [VerificationPolicy(partialChain: true), VerificationPolicy(profile: .strict)] {
            let verdict = try verifier(policy, anchors: [issuing], at: at).verdict(for: users)
            #expect(verdict.verified)
            #expect(verdict.path.map(\.role) == [.leaf, .anchor])
        }
    }

    @Test func maxDepthCountsIntermediates() throws {
        let at = users.notBefore + 86400
        #expect(try verifier(VerificationPolicy(maxDepth: 1), at: at).verdict(for: users).verified)
        let tooDeep = try verifier(VerificationPolicy(maxDepth: 0), at: at).verdict(for: users)
        #expect(tooDeep.code == "X509_V_ERR_CERT_CHAIN_TOO_LONG")
    }

    @Test func aCertificateWithoutTheCABitIsNamedAsAnInvalidCA() throws {
        // A leaf used as an issuing CA: OpenSSL, not a pre-filter, must say what is wrong.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let at = users.notBefore + 86400
        let notCA = try CertificateAuthority(certificateFile: Self.pki.appendingPathComponent("users.pem").path,
                                             keyFile: Self.pki.appendingPathComponent("users.key").path)
        let issued = try notCA.issue(IssuanceRequest(commonName: "below.apps.local", notBefore: at, notAfter: at + 86400))
        let leaf = try #require(Self.pemCertificates(issued.certificatePEM).first)
        let v = try TrustVerifier(anchors: [root], intermediates: [issuing, users], at: at)
        let verdict = v.verdict(for: leaf)
        #expect(verdict.code == "X509_V_ERR_INVALID_CA")
        #expect(verdict.depth == 1)
    }

    @Test func pedanticChecksTheLeafsPurpose() throws {
        let at = users.notBefore + 86400
        let v = try verifier(VerificationPolicy(pedantic: true), at: at)
        let asServer = v.verdict(for: users, purpose: .server)
        #expect(asServer.verified, "users.pem is a serverAuth P-256 leaf: \(asServer.pedantic)")
        // OpenSSL itself refuses the purpose first; pedantic names the EKU too.
        let asClient = v.verdict(for: users, purpose: .client)
        #expect(!asClient.verified)
        #expect(asClient.pedantic.map(\.check).contains(.leafEKUNotAllowed))
    }

    @Test func anUnreadableCRLNamesItsFile() throws {
        let missing = "/nonexistent/revoked.crl"
        #expect {
            try TrustVerifier(anchors: [root], intermediates: [], policy: VerificationPolicy(crlFiles: [missing]), at: 0)
        } throws: { error in
            (error as? VerificationSetupError)?.file == missing
        }
        let notCRL = Self.pki.appendingPathComponent("root-ca.pem").path
        #expect {
            try TrustVerifier(anchors: [root], intermediates: [], policy: VerificationPolicy(crlFiles: [notCRL]), at: 0)
        } throws: { error in
            (error as? VerificationSetupError)?.message.contains("no CRL in this file") == true
        }
    }
}
