import Foundation
import Testing
import MeshcertSupport
@testable import MeshcertInventory

/// One certificate in many formats and files: recognised by content, folded into one entry.
@Suite struct FormatTests {
    let leaf = Fixtures.certificate(cn: "leaf.example")!

    @Test func deduplicatesEveryFormatIntoOneEntry() {
        #expect(Fixtures.corpus.certificates.filter { $0.details.subjectCommonName == "leaf.example" }.count == 1)
        let byPath = Dictionary(grouping: leaf.locations, by: { URL(fileURLWithPath: $0.path).lastPathComponent })
        #expect(byPath["leaf.pem"]?.first?.format == .pem)
        #expect(byPath["leaf.der"]?.first?.format == .der)
        #expect(byPath["leaf-crlf-with-text.txt"]?.first?.format == .pem)
        #expect(byPath["bundle.pem"]?.first?.index == 0)
        #expect(byPath["bundle.p7b"]?.first?.format == .pkcs7)
        #expect(byPath["bundle-der.p7c"]?.first?.format == .pkcs7)
        #expect(byPath["leaf-empty-password.p12"]?.first?.format == .pkcs12)
        #expect(byPath["leaf-secret.p12"]?.first?.format == .pkcs12)
        #expect(byPath["leaf-legacy-3des.p12"] != nil)
        #expect(byPath["leaf-legacy-rc2.p12"] != nil, "RC2 PKCS#12 needs the legacy provider, loaded on demand")
        #expect(leaf.locations.count == 10)
    }

    @Test func secondBlockOfABundleKeepsItsIndex() {
        let root = Fixtures.certificate(cn: "Fixture Root CA")!
        let inBundle = root.locations.first { $0.path.hasSuffix("formats/bundle.pem") }
        #expect(inBundle?.index == 1)
        #expect(root.locations.contains { $0.path.hasSuffix("noext-der-certificate") && $0.format == .der },
                "a DER file without any extension is recognised by content")
    }

    @Test func pkcs12NeedsTheRightPassword() throws {
        let inv = try InventoryScanner.scan(paths: [Fixtures.path("formats")], options: Fixtures.options(passwords: []))
        let codes = Dictionary(uniqueKeysWithValues: inv.errors.map { (URL(fileURLWithPath: $0.file).lastPathComponent, $0.code) })
        #expect(codes["leaf-secret.p12"] == "pkcs12_wrong_password")
        #expect(codes["leaf-legacy-rc2.p12"] == "pkcs12_wrong_password")
        #expect(codes["leaf-empty-password.p12"] == nil, "the empty password is always tried first")
    }

    @Test func keysOfEveryKindArePairedByPublicKey() {
        let keys = Dictionary(uniqueKeysWithValues: Fixtures.corpus.keys.map { (URL(fileURLWithPath: $0.path).lastPathComponent, $0) })
        #expect(keys["leaf.key"]?.matches.contains(leaf.sha256) == true)
        #expect(keys["ec-traditional.pem"]?.matches.contains(leaf.sha256) == true)
        #expect(keys["leaf-secret.p12"]?.format == "PKCS12")
        #expect(keys["rsa-traditional.key"]?.info.keyType == "RSA")
        #expect(keys["rsa-traditional.key"]?.info.keyBits == 2048)
        #expect(keys["rsa-pkcs8.der"]?.format == "DER")
        #expect(keys["rsa-pkcs8.der"]?.info.publicKeySHA256 == keys["rsa-traditional.key"]?.info.publicKeySHA256)
        #expect(keys["encrypted-pkcs8.pem"]?.info.encrypted == true)
        #expect(keys["encrypted-traditional.pem"]?.info.encrypted == true)
        #expect(keys["encrypted-pkcs8.pem"]?.findings.map(\.code) == ["encrypted_key"])
        #expect(keys["unmatched.key"]?.findings.map(\.code) == ["unmatched_key"])
        #expect(leaf.keyPaths.contains { $0.hasSuffix("formats/leaf.key") })
    }

    @Test func otherObjectsAreListedNotErrors() {
        let kinds = Dictionary(uniqueKeysWithValues: Fixtures.corpus.notCertificates.map { (URL(fileURLWithPath: $0.path).lastPathComponent, $0.kind) })
        #expect(kinds == ["request.csr": "csr", "request.der": "csr", "list.crl": "crl", "list.crl.der": "crl", "ec-params.pem": "ec_parameters"])
        #expect(!Fixtures.corpus.errors.contains { $0.file.contains("/others/") })
    }

    @Test func badFilesGetOneSpecificErrorEach() {
        let codes = Dictionary(uniqueKeysWithValues: Fixtures.corpus.errors.map { (URL(fileURLWithPath: $0.file).lastPathComponent, $0.code) })
        #expect(codes == [
            "truncated.pem": "truncated_pem", "invalid-base64.pem": "invalid_base64", "empty.crt": "empty_file",
            "cut.der": "truncated_der", "garbage.cer": "no_certificate_material",
            "wrong-password.p12": "pkcs12_wrong_password", "not-a-cert-in-armor.pem": "invalid_certificate",
        ])
        #expect(Fixtures.corpus.summary.skipped == 2, "README.md and passwords.txt hold no certificate material")
    }

    @Test func pemReaderHandlesTextCRLFAndTruncation() {
        let text = Array("junk\r\n-----BEGIN CERTIFICATE-----\r\nMAMCAQA=\r\n-----END CERTIFICATE-----\r\nmore\n-----BEGIN X509 CRL-----\nMAMCAQA=\n-----END X509 CRL-----\n".utf8)
        let (blocks, error) = PEMDocument.blocks(in: text)
        #expect(error == nil)
        #expect(blocks.map(\.label) == ["CERTIFICATE", "X509 CRL"])
        #expect(blocks.first?.der == [0x30, 0x03, 0x02, 0x01, 0x00])
        let cut = Array("-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n".utf8)
        #expect(PEMDocument.blocks(in: cut).error == .truncated(label: "PRIVATE KEY"))
    }
}

@Suite struct JSONStreamingTests {
    @Test func streamedJSONIsByteIdenticalToTheRenderedDocument() {
        let document = ScanDocument(Fixtures.corpus)
        let streamed = StreamingTests.chunks(chunk: 4096) { document.write(into: &$0) }.joined()
        #expect(String(decoding: Array(streamed), as: UTF8.self) == document.json().render() + "\n")
        #expect(Fixtures.corpus.certificates.count > 10)
    }
}

/// The byte-level escapers of the prometheus and csv outputs write what the String-based rules
/// they replace wrote (three `replacingOccurrences`; `CSV.field`), tricky text included.
@Suite struct OutputEscapingTests {
    static let samples = ["plain", "a\\b", "say \"hi\"", "two\nlines", "crlf\r\nend", "\r", "comma, here", "\"", "\\\"\n",
                          "café \"x\"", "e\u{301}\"", "\"\u{301}", "\n\u{301}", "日本\\語\n", "", "a,b\r\nc\"d"]

    @Test func prometheusLabelValuesEscapeAsBefore() {
        for s in Self.samples {
            let before = s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            #expect(InventoryPrometheus.escape(s) == before, "\(s.debugDescription)")
        }
    }

    @Test func csvFieldsQuoteAsBefore() {
        for s in Self.samples {
            var out = OutputBuffer()
            out.csvField(s)
            #expect(out.string == CSV.field(s), "\(s.debugDescription)")
            var joined = OutputBuffer()
            joined.csvField(bytes: Array(s.utf8))
            #expect(joined.string == CSV.field(s))
        }
    }
}
