import Foundation
import Testing
import MeshcertOpenSSL

/// The lab's in-process issuance, read back with the X509 model.
@Suite struct CertificateAuthorityTests {
    @Test func issuesASevenDayP256ServerCertificate() throws {
        let at: Int64 = 1_796_169_600  // 2026-12-02T00:00:00Z
        let ca = try CertificateAuthority(selfSignedCommonName: "test CA", organizationalUnit: "tests", notBefore: at - 86400, notAfter: at + 86400 * 365)
        let id = try ca.issue(IssuanceRequest(commonName: "users.sc.internal", dnsNames: ["users.sc.internal", "users"],
                                              ipAddresses: ["127.0.0.1"], notBefore: at, notAfter: at + 7 * 86400))
        #expect(id.keyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let der = try #require(Self.der(fromPEM: id.certificatePEM))
        let details = try X509Certificate(der: der).details()
        #expect(details.subjectCommonName == "users.sc.internal")
        #expect(details.issuerCommonName == "test CA")
        #expect(details.notAfter - details.notBefore == 7 * 86400)
        #expect(details.keyType == "EC" && details.curve == "P-256")
        #expect(details.dnsNames == ["users.sc.internal", "users"])
        #expect(details.ipAddresses == ["127.0.0.1"])
        #expect(details.extendedKeyUsage.contains("serverAuth"))
        #expect(!details.isCA)
    }

    @Test func refusesAMismatchedCAKey() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        #expect(throws: TLSSetupError.self) {
            try CertificateAuthority(certificateFile: root.appendingPathComponent("Certs/pki/intermediate-ca.pem").path,
                                     keyFile: root.appendingPathComponent("Certs/pki/root-ca.key").path)
        }
    }

    static func der(fromPEM pem: String) -> [UInt8]? {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return Data(base64Encoded: body).map { Array($0) }
    }
}
