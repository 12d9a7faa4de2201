import Foundation
import Testing
@testable import MeshcertOpenSSL

/// The fast DER reader must agree with OpenSSL's full decoder field by field, on every
/// certificate we have; where it declines (unusual shapes), the full decoder takes over.
@Suite struct FastCertificateReaderTests {
    /// Every PEM certificate under Certs/ and the scan test corpus.
    static func allCertificates() throws -> [(String, [UInt8])] {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        var out: [(String, [UInt8])] = []
        for folder in ["Certs", "Tests/Fixtures/scan"] {
            let root = url.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: root.path) else { continue }
            for case let relative as String in walker {
                guard !relative.hasPrefix("bad/"),
                      let text = try? String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8) else { continue }
                var rest = Substring(text)
                while let begin = rest.range(of: "-----BEGIN CERTIFICATE-----"),
                      let end = rest.range(of: "-----END CERTIFICATE-----", range: begin.upperBound..<rest.endIndex) {
                    let body = rest[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
                    if let der = Data(base64Encoded: String(body)) { out.append((folder + "/" + relative, [UInt8](der))) }
                    rest = rest[end.upperBound...]
                }
            }
        }
        return out
    }

    @Test func agreesWithTheFullDecoderOnEveryCertificate() throws {
        let certificates = try Self.allCertificates()
        #expect(certificates.count > 30)
        var fastCount = 0
        for (path, der) in certificates {
            let full = try X509Certificate(der: der)
            guard let (fast, parts) = FastCertificateReader.read(der: der) else { continue }
            fastCount += 1
            #expect(fast == full.details(), "field mismatch in \(path)")
            #expect(full.extensionsAreValid)
            #expect(parts.tbs.upperBound <= der.count && parts.signature.upperBound == der.count)
        }
        // Everything we generate has the common shape; only the SHA-1 CLI-made one may differ.
        #expect(fastCount >= certificates.count - 1)
    }

    @Test func verifiesSignaturesWithoutDecodingTheSignedCertificate() throws {
        let all = try Self.allCertificates()
        let users = try #require(all.first { $0.0.hasSuffix("pki/users.pem") }?.1)
        let intermediate = try X509Certificate(der: #require(all.first { $0.0.hasSuffix("pki/intermediate-ca.pem") }?.1))
        let root = try X509Certificate(der: #require(all.first { $0.0.hasSuffix("pki/root-ca.pem") }?.1))
        let (_, parts) = try #require(FastCertificateReader.read(der: users))
        #expect(intermediate.verifies(parts, in: users) == true)
        #expect(root.verifies(parts, in: users) == false)
        var tampered = users
        tampered[parts.tbs.lowerBound + 20] ^= 0x01
        #expect(intermediate.verifies(parts, in: tampered) == false)
        #expect(OpenSSLErrorQueue.drain().codes.isEmpty)
    }

    /// A signature labelled with another key type than the issuer's (an ECDSA signature called
    /// RSA) is not answered by the fast paths, which would take the algorithm from the key and
    /// accept it; X509_verify, which refuses it, decides.
    @Test func aSignatureLabelledWithAnotherKeyTypeIsLeftToX509Verify() throws {
        let all = try Self.allCertificates()
        let users = try #require(all.first { $0.0.hasSuffix("pki/users.pem") }?.1)
        let intermediate = try X509Certificate(der: #require(all.first { $0.0.hasSuffix("pki/intermediate-ca.pem") }?.1))
        var (_, parts) = try #require(FastCertificateReader.read(der: users))
        #expect(intermediate.details().keyType == "EC")
        #expect(intermediate.verifies(parts, in: users) == true)
        #expect(SignatureChecker(issuer: intermediate).verifies(parts, in: users) == true)
        parts.signatureAlgorithmOID = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B]   // sha256WithRSAEncryption
        #expect(intermediate.verifies(parts, in: users) == nil)
        #expect(SignatureChecker(issuer: intermediate).verifies(parts, in: users) == nil)
        #expect(OpenSSLErrorQueue.drain().codes.isEmpty)
    }

    /// The scan's reusable checker (one prepared key context per issuer) gives OpenSSL's own
    /// answer for every issuer and subject pair of the committed certificates (RSA and EC issuers,
    /// keys of the wrong family, tampered bodies and signatures), calls reusing its contexts.
    @Test func signatureCheckerAgreesWithOpenSSLOnEveryPair() throws {
        let all = try Self.allCertificates().map { ($0.0, try X509Certificate(der: $0.1), $0.1) }
        var accepted = 0, checked = 0
        for (issuerPath, issuer, _) in all {
            let checker = SignatureChecker(issuer: issuer)
            for (path, subject, der) in all {
                guard let (_, parts) = FastCertificateReader.read(der: der) else { continue }
                var tamperedBody = der, tamperedSignature = der
                tamperedBody[parts.tbs.lowerBound + 20] ^= 0x01
                tamperedSignature[parts.signature.upperBound - 3] ^= 0x01
                for (bytes, expected) in [(der, subject.isSigned(by: issuer)), (tamperedBody, false), (tamperedSignature, false)] {
                    guard let answer = checker.verifies(parts, in: bytes) else { continue }
                    checked += 1
                    if answer { accepted += 1 }
                    #expect(answer == expected, "\(issuerPath) signing \(path)")
                    #expect(answer == issuer.verifies(parts, in: bytes), "\(issuerPath) signing \(path)")
                }
            }
        }
        #expect(checked > 1000)
        #expect(accepted >= 10)   // the pairs that really are issuer and subject
        #expect(OpenSSLErrorQueue.drain().codes.isEmpty)
    }

    /// Found by Scripts/fuzz.sh FuzzCertificateLoader: an EC key whose point OpenSSL cannot decode.
    @Test func undecodableKeyMaterialIsTheOnlyAllowedDifference() throws {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<2 { url.deleteLastPathComponent() }
        let der = try [UInt8](Data(contentsOf: url.appendingPathComponent("Fixtures/fuzz/certificate-loader/fast-reader-disagrees-1.der")))
        let full = try X509Certificate(der: der).details()
        let (fast, _) = try #require(FastCertificateReader.read(der: der))
        #expect(full.keyType == "unknown")
        #expect(fast.keyType == "EC" && fast.curve == "P-256")
        #expect(fast != full)
        #expect(FastCertificateReader.agrees(fast, with: full))
        #expect(OpenSSLErrorQueue.drain().codes.isEmpty)
    }

    /// Every input the fuzzer ever turned into a crash stays a regression test.
    @Test func fuzzRegressionInputsHoldTheProperty() throws {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<2 { url.deleteLastPathComponent() }
        let folder = url.appendingPathComponent("Fixtures/fuzz/certificate-loader")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!files.isEmpty)
        for file in files {
            let der = try [UInt8](Data(contentsOf: folder.appendingPathComponent(file)))
            if let (fast, _) = FastCertificateReader.read(der: der), let full = try? X509Certificate(der: der) {
                let details = full.details()
                #expect(FastCertificateReader.agrees(fast, with: details, extensionsValid: full.extensionsAreValid),
                        "\(file): fast \(fast) full \(details)")
            }
            OpenSSLErrorQueue.clear()
        }
    }

    /// The issuer names a scan worker keeps (IssuerNameReuse, 8 slots) never change a reading:
    /// leaves of 10 CAs whose names have the same length (more names than slots: eviction),
    /// interleaved, then every committed certificate, read with one cache and without, agree.
    @Test func reusedIssuerNamesReadAsWithout() throws {
        var leaves: [(String, [UInt8])] = []
        for n in 0..<10 {
            let ca = try CertificateAuthority(selfSignedCommonName: "Reuse CA \(n)", organizationalUnit: "test",
                                              notBefore: 1_796_083_200, notAfter: 1_796_083_200 + 86400 * 30)
            for k in 0..<3 {
                let leaf = try ca.issue(IssuanceRequest(commonName: "leaf\(k).ca\(n).test", notBefore: 1_796_083_200,
                                                        notAfter: 1_796_083_200 + 86400 * 7))
                let body = leaf.certificatePEM.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
                leaves.append(("ca \(n) leaf \(k)", [UInt8](try #require(Data(base64Encoded: body)))))
            }
        }
        // CA 0, 1, ... 9, then again: every name is evicted before it comes back.
        let interleaved = (0..<3).flatMap { k in (0..<10).map { leaves[$0 * 3 + k] } }
        let reuse = IssuerNameReuse()
        var issuers = Set<String>()
        for (what, der) in interleaved + leaves + (try Self.allCertificates()) {
            let plain = FastCertificateReader.read(der: der)
            let cached = FastCertificateReader.read(der: der, issuerNames: reuse)
            #expect(plain != nil || what.hasPrefix("Certs") || what.hasPrefix("Tests"), "\(what)")
            #expect(plain?.0 == cached?.0, "\(what)")
            if let issuer = plain?.0.issuer, what.hasPrefix("ca ") { issuers.insert(issuer) }
        }
        #expect(issuers.count == 10 && Set(issuers.map(\.utf8.count)).count == 1, "\(issuers)")
    }
}
