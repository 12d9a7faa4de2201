import Foundation
import Testing
import MeshcertOpenSSL
import MeshcertSupport
@testable import MeshcertInventory

/// Every extracted field, checked against what the generator wrote and against the OpenSSL CLI.
@Suite struct FieldTests {
    let leaf = Fixtures.certificate(cn: "leaf.example")!

    @Test func namesSerialAndDates() {
        let d = leaf.details
        #expect(d.subject == "CN=leaf.example,O=Fixture Org")
        #expect(d.issuer == "CN=Fixture Root CA,O=Fixture Org")
        #expect(d.issuerCommonName == "Fixture Root CA")
        #expect(Timestamp.format(d.notBefore) == "2026-06-01T00:00:00Z")
        #expect(Timestamp.format(d.notAfter) == "2027-07-01T00:00:00Z")
        #expect(d.validityDays == 395.0)
        #expect(d.serial.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(Fixtures.certificate(cn: "leaf.example")!.details.serial == opensslField("-serial", "formats/leaf.pem").lowercased())
    }

    @Test func missingCommonNameIsNil() {
        let noCN = Fixtures.corpus.certificates.first { $0.details.subject == "O=Only Org" }
        #expect(noCN != nil)
        #expect(noCN?.details.subjectCommonName == nil)
    }

    @Test func sha256MatchesTheOpenSSLCLI() {
        let cli = opensslField("-fingerprint -sha256", "formats/leaf.pem").replacingOccurrences(of: ":", with: "").lowercased()
        #expect(leaf.sha256 == cli)
        #expect(leaf.sha256.count == 64)
    }

    @Test func subjectAltNamesInStandardText() {
        let d = leaf.details
        #expect(d.dnsNames == ["leaf.example"])
        #expect(d.ipAddresses == ["10.0.0.1", "::1", "2001:db8::8:800:200c:417a"])
        #expect(d.uris == ["spiffe://example/leaf"])
        #expect(d.emails == ["ops@example.com"])
    }

    @Test func keysSignaturesAndUsages() {
        let d = leaf.details
        #expect(d.keyType == "EC" && d.keyBits == 256 && d.curve == "P-256")
        #expect(d.signatureAlgorithm == "ecdsa-with-SHA256")
        #expect(d.extendedKeyUsage == ["serverAuth"])
        #expect(d.isCA == false && d.pathLength == nil && d.selfSigned == false)
        #expect(d.authorityKeyIdentifier == Fixtures.certificate(cn: "Fixture Root CA")!.details.subjectKeyIdentifier)
        let weak = Fixtures.certificate(cn: "weak.example")!.details
        #expect(weak.keyType == "RSA" && weak.keyBits == 1024 && weak.curve == nil)
        #expect(weak.keyUsage.isEmpty, "the generator adds no keyUsage extension to this one")
        #expect(Fixtures.certificate(cn: "ed.example")!.details.keyType == "Ed25519")
        #expect(Fixtures.certificate(cn: "self.example")!.details.curve == "P-384")
        #expect(Fixtures.certificate(cn: "sha1.example")!.details.signatureAlgorithm == "ecdsa-with-SHA1")
        let root = Fixtures.certificate(cn: "Fixture Root CA")!
        #expect(root.details.isCA && root.details.selfSigned && root.usageMode == nil)
    }

    /// Runs `openssl x509 -noout FLAGS -in FILE` and returns the value after `=`.
    private func opensslField(_ flags: String, _ file: String) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["openssl", "x509", "-noout"] + flags.split(separator: " ").map(String.init) + ["-in", Fixtures.path(file)]
        let pipe = Pipe()
        p.standardOutput = pipe
        try? p.run()
        p.waitUntilExit()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return out.split(separator: "=", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
    }
}
