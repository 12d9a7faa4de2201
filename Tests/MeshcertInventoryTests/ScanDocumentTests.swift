import Foundation
import MeshcertSupport
import Testing
@testable import MeshcertInventory

/// meshcert.scan.v1 as one typed model: written by JSONValueEncoder, read back by JSONValueDecoder.
@Suite struct ScanDocumentTests {
    static let repoRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// The demo PKI the README scans (Certs/, trusting the App Mesh root), and the test corpus.
    static func documents() throws -> [ScanDocument] {
        let certs = repoRoot.appendingPathComponent("Certs").path
        var trusting = Fixtures.options(passwords: ["wrong-one", "s3cret-p12", "meshcert-demo"])
        trusting.trustFiles = [repoRoot.appendingPathComponent("Certs/pki/root-ca.pem").path]
        return [ScanDocument(Fixtures.corpus),
                ScanDocument(try InventoryScanner.scan(paths: [certs], options: Fixtures.options())),
                ScanDocument(try InventoryScanner.scan(paths: [certs], options: trusting))]
    }

    @Test func directBuildersEqualTheCodableEncoding() throws {
        for document in try Self.documents() {
            #expect(document.certificates.count > 10)
            for certificate in document.certificates {
                let codable = try JSONValueEncoder().encode(certificate)
                #expect(certificate.json().render() == codable.render(), "\(certificate.subject)")
                #expect(certificate.json().render(pretty: false) == codable.render(pretty: false))
            }
            for key in document.keys { #expect(key.json().render() == (try JSONValueEncoder().encode(key)).render(), "\(key.path)") }
            // The byte writer of `--format json` writes exactly the tree's text, at any indent.
            for certificate in document.certificates {
                for indent in [0, 4] {
                    var tree: [UInt8] = [], direct = OutputBuffer()
                    certificate.json().write(into: &tree, pretty: true, indent: indent)
                    certificate.write(into: &direct, indent: indent)
                    #expect(direct.bytes == tree, "\(certificate.subject)")
                }
            }
            #expect(document.json().render() == (try JSONValueEncoder().encode(document)).render())
        }
    }

    @Test func roundTripsByteForByte() throws {
        for document in try Self.documents() {
            let text = document.render()
            let decoded = try JSONValueDecoder().decode(ScanDocument.self, from: Array(text.utf8))
            #expect(decoded == document)
            #expect(decoded.render() == text)
            #expect(try JSONValueEncoder().encode(decoded).render() + "\n" == text)
        }
    }

    @Test func trustedAndUntrustedChainsAreInTheDemoData() throws {
        let trusting = try Self.documents()[2]
        #expect(trusting.certificates.contains { $0.chain.trusted == true })
        #expect(trusting.certificates.contains { $0.chain.trusted == false && $0.chain.trustError != nil })
        #expect(!trusting.keys.isEmpty && !trusting.summary.findings.isEmpty)
    }

    @Test func aRenamedFieldIsNamedWhenDecoding() throws {
        let text = ScanDocument(Fixtures.corpus).render()
        // The first "notAfter" is the first certificate's.
        let renamed = text.replacingOccurrences(of: "\"notAfter\":", with: "\"expires\":", options: [], range: text.range(of: "\"notAfter\":"))
        do {
            _ = try JSONValueDecoder().decode(ScanDocument.self, from: Array(renamed.utf8))
            Issue.record("decoded a document without certificates[0].notAfter")
        } catch let error as DecodingError {
            #expect(error.fieldDescription.hasPrefix("certificates[0].notAfter:"), "\(error.fieldDescription)")
        }
        let badStatus = text.replacingOccurrences(of: "\"status\": \"", with: "\"status\": \"x", options: [], range: text.range(of: "\"status\": \""))
        do {
            _ = try JSONValueDecoder().decode(ScanDocument.self, from: Array(badStatus.utf8))
            Issue.record("decoded an unknown status")
        } catch let error as DecodingError {
            #expect(error.fieldDescription.hasPrefix("certificates[0].status:"), "\(error.fieldDescription)")
        }
    }
}
