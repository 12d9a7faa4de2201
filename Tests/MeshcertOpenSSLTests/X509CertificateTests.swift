import Foundation
import Testing
@testable import MeshcertOpenSSL

/// The OpenSSL wrapper layer on its own: decoding, errors drained into typed values, containers.
@Suite struct X509CertificateTests {
    static let certs: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Certs")
    }()

    private func derOf(_ pemFile: String) throws -> [UInt8] {
        let text = try String(contentsOf: Self.certs.appendingPathComponent(pemFile), encoding: .utf8)
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return [UInt8](try #require(Data(base64Encoded: body)))
    }

    @Test func decodesAndReencodesTheSameDER() throws {
        let der = try derOf("pki/users.pem")
        let cert = try X509Certificate(der: der)
        #expect(cert.der == der)
        #expect(cert.details().subjectCommonName == "users.apps.local")
        #expect(cert.sha256 == Digest.sha256Hex(der))
    }

    @Test func garbageBecomesATypedErrorWithOpenSSLsReason() throws {
        #expect {
            try X509Certificate(der: [0x30, 0x03, 0x02, 0x01, 0x00])
        } throws: { error in
            guard let e = error as? OpenSSLError else { return false }
            return e.operation == "d2i_X509" && !e.messages.isEmpty
        }
        // The queue was drained where the error happened: nothing is left for the next caller.
        #expect(OpenSSLErrorQueue.drain().codes.isEmpty)
    }

    @Test func signatureChecksUseTheIssuersKey() throws {
        let users = try X509Certificate(der: derOf("pki/users.pem"))
        let intermediate = try X509Certificate(der: derOf("pki/intermediate-ca.pem"))
        let root = try X509Certificate(der: derOf("pki/root-ca.pem"))
        #expect(users.isSigned(by: intermediate))
        #expect(!users.isSigned(by: root))
        #expect(users.issuerNameMatches(subjectOf: intermediate))
        #expect(OpenSSLErrorQueue.drain().codes.isEmpty)
    }

    @Test func trustVerifierReportsOpenSSLsVerdictAtAGivenTime() throws {
        let users = try X509Certificate(der: derOf("pki/users.pem"))
        let intermediate = try X509Certificate(der: derOf("pki/intermediate-ca.pem"))
        let root = try X509Certificate(der: derOf("pki/root-ca.pem"))
        let during = try TrustVerifier(anchors: [root], intermediates: [intermediate], at: 1_796_169_600)  // 2026-12-02
        #expect(during.verify(users) == nil)
        let after = try TrustVerifier(anchors: [root], intermediates: [intermediate], at: 1_830_000_000)   // 2027-12
        #expect(after.verify(users) == "certificate has expired")
        let noIntermediate = try TrustVerifier(anchors: [root], intermediates: [], at: 1_796_169_600)
        #expect(noIntermediate.verify(users) == "unable to get local issuer certificate")
    }

    @Test func pkcs12OutcomesNeverCarryThePassword() throws {
        let data = try [UInt8](Data(contentsOf: Self.certs.appendingPathComponent("pki/frontend.p12")))
        let wrong = data.withUnsafeBytes { PKCS12Archive.open(der: $0, passwords: ["nope"]) }
        guard case .wrongPassword(let tried) = wrong else { Issue.record("expected wrongPassword, got \(wrong)"); return }
        #expect(tried == 2)
        let right = data.withUnsafeBytes { PKCS12Archive.open(der: $0, passwords: ["nope", "meshcert-demo"]) }
        guard case .opened(let certificates, let key) = right else { Issue.record("expected opened"); return }
        #expect(certificates.count == 2)   // frontend + intermediate
        #expect(key?.keyType == "RSA")
        #expect(!"\(right)".contains("meshcert-demo"))
    }

    @Test func privateKeysAreDescribedNotExposed() throws {
        let pem = try [UInt8](Data(contentsOf: Self.certs.appendingPathComponent("short-lived/users.key")))
        let info = try pem.withUnsafeBytes { try PrivateKeyReader.read(pem: $0) }
        let cert = try X509Certificate(der: derOf("short-lived/users.pem"))
        #expect(info.keyType == "EC" && info.curve == "P-256" && !info.encrypted)
        #expect(info.publicKeySHA256 == cert.publicKeySHA256)
    }
}
