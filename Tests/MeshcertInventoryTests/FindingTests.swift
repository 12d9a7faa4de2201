import Foundation
import Testing
import MeshcertOpenSSL
import MeshcertSupport
@testable import MeshcertInventory

/// One test per finding and per classification rule, on certificates made for it.
@Suite struct FindingTests {
    private func codes(_ cn: String) -> [String] {
        Fixtures.certificate(cn: cn)?.findings.map(\.code) ?? ["<missing \(cn)>"]
    }

    @Test func cleanLeafHasNoFindings() { #expect(codes("leaf.example") == []) }
    @Test func expired() { #expect(codes("expired.example") == ["expired"]) }
    @Test func notYetValid() { #expect(codes("future.example") == ["not_yet_valid"]) }
    @Test func expiringSoonGeneralPurpose() { #expect(codes("soon.example") == ["expiring_soon"]) }
    @Test func expiringSoonShortLivedUsesTwoSevenths() {
        let late = Fixtures.certificate(cn: "late.sc.internal")!
        #expect(late.usageMode == .shortLived)
        #expect(late.status == .expiringSoon)   // 1 day left < 2 days (2/7 of 7 days), though < 30 days anyway
        #expect(late.findings.first?.message.contains("missed its renewal") == true)
    }
    @Test func weakKey() { #expect(codes("weak.example") == ["weak_key", "unsupported_key_algorithm"]) }
    @Test func weakSignature() { #expect(codes("sha1.example").contains("weak_signature")) }
    @Test func noSAN() { #expect(codes("nosan.example") == ["no_san"]) }
    @Test func mtlsClientCertificate() { #expect(codes("client.example") == ["mtls_client_certificate"]) }
    @Test func selfSignedLeaf() { #expect(codes("self.example") == ["self_signed_leaf", "unsupported_key_algorithm"]) }
    @Test func unsupportedKeyAlgorithm() { #expect(codes("ed.example") == ["unsupported_key_algorithm"]) }
    @Test func incompleteChain() {
        let orphan = Fixtures.certificate(cn: "orphan.example")!
        #expect(orphan.findings.map(\.code) == ["incomplete_chain"])
        #expect(orphan.chain.issuerSHA256 == nil && orphan.chain.complete == false)
    }

    @Test func chainLinksLeafToRootWithVerifiedSignature() {
        let leaf = Fixtures.certificate(cn: "leaf.example")!
        let root = Fixtures.certificate(cn: "Fixture Root CA")!
        #expect(leaf.chain.issuerSHA256 == root.sha256)
        #expect(leaf.chain.complete)
        #expect(leaf.chain.trusted == nil, "no --trust given")
    }

    @Test func trustAnchorsVerifyAtTheEvaluationTime() throws {
        var options = Fixtures.options()
        options.trustFiles = [Fixtures.path("formats/root-ca.pem")]
        let inv = try InventoryScanner.scan(paths: [Fixtures.path("cases"), Fixtures.path("formats/leaf.pem")], options: options)
        #expect(Fixtures.certificate(cn: "leaf.example", in: inv)?.chain.trusted == true)
        let expired = Fixtures.certificate(cn: "expired.example", in: inv)!
        #expect(expired.chain.trusted == false)
        #expect(expired.chain.trustError == "certificate has expired")
        #expect(expired.findings.map(\.code) == ["expired", "untrusted_chain"])
        let selfSigned = Fixtures.certificate(cn: "self.example", in: inv)!
        #expect(selfSigned.chain.trusted == false)
    }

    @Test func usageModeBoundaryIsSevenDays() {
        var d = Fixtures.certificate(cn: "leaf.example")!.details
        d.notBefore = 0
        d.notAfter = 7 * 86400
        #expect(Classification.usageMode(d) == .shortLived)
        d.notAfter += 1
        #expect(Classification.usageMode(d) == .generalPurpose)
        d.isCA = true
        #expect(Classification.usageMode(d) == nil)
    }

    @Test func statusBoundariesAreInclusiveOfNotAfter() {
        var d = Fixtures.certificate(cn: "leaf.example")!.details
        d.notBefore = 1000
        d.notAfter = 1000 + 400 * 86400
        #expect(Classification.status(d, at: 999, warnDays: 30) == .notYetValid)
        #expect(Classification.status(d, at: 1000, warnDays: 30) == .valid)
        #expect(Classification.status(d, at: d.notAfter, warnDays: 30) == .expiringSoon)
        #expect(Classification.status(d, at: d.notAfter + 1, warnDays: 30) == .expired)
        #expect(Classification.status(d, at: d.notAfter - 30 * 86400, warnDays: 30) == .valid)
        #expect(Classification.status(d, at: d.notAfter - 30 * 86400 + 1, warnDays: 30) == .expiringSoon)
        // Short-lived: 7-day lifetime, expiring_soon with less than 2 days left.
        d.notAfter = 1000 + 7 * 86400
        #expect(Classification.status(d, at: d.notAfter - 2 * 86400, warnDays: 30) == .valid)
        #expect(Classification.status(d, at: d.notAfter - 2 * 86400 + 1, warnDays: 30) == .expiringSoon)
    }

    /// The byte-level weak-signature test decides as `lowercased().contains("md5" or "sha1")`.
    @Test func weakSignatureNamesAsBefore() {
        let names = ["md5WithRSAEncryption", "sha1WithRSAEncryption", "ecdsa-with-SHA1", "dsaWithSHA1", "RSA-SHA1", "MD5",
                     "sha256WithRSAEncryption", "ecdsa-with-SHA256", "ED25519", "shaWithRSAEncryption", "sHa1", "mD5",
                     "sha", "md", "sha\u{15}", "m\u{15}5", "s", "", "RSASSA-PSS", "sha512-224WithRSAEncryption", "xmd5", "smsha1"]
        for n in names {
            let before = n.lowercased().contains("md5") || n.lowercased().contains("sha1")
            #expect(Findings.weakSignature(n) == before, "\(n)")
        }
    }
}
