import Foundation
import Testing
import MeshcertOpenSSL
@testable import MeshcertHandshake

/// The chain diagnosis on made-up chains (no server): order, completeness, superfluous
/// certificates, expiry windows. The real-server cases are in EndToEndTests/InteropEndToEndTests.
@Suite struct ChainDiagnosisTests {
    static let day: Int64 = 86400
    static let at: Int64 = 1_800_000_000

    static func cert(_ name: String, issuer: String, from: Int64 = at - 100 * day, to: Int64 = at + 300 * day, ca: Bool = false,
                     caIssuers: [String] = []) -> TLSPeerCertificate {
        TLSPeerCertificate(subject: "CN=\(name)", issuer: "CN=\(issuer)", notBefore: from, notAfter: to, sha256: name,
                           caIssuersURIs: caIssuers, isCA: ca || name == issuer, selfSigned: name == issuer)
    }

    static let leaf = cert("leaf", issuer: "int", caIssuers: ["http://pki.example/int.cer"])
    static let int = cert("int", issuer: "root", ca: true)
    static let root = cert("root", issuer: "root", to: at + 3000 * day)

    func diagnose(sent: [TLSPeerCertificate], built: [TLSPeerCertificate], links: [Int?], error: Int = 0, warnDays: Int = 30) -> ChainDiagnosis {
        ChainDiagnosis(TLSPeerChain(sent: sent, built: built, issuerPosition: links, verifyError: error, ocspStapled: false),
                       at: Self.at, warnDays: warnDays)!
    }

    @Test func aLeanOrderedChainIsCompleteWithoutWarnings() {
        let d = diagnose(sent: [Self.leaf, Self.int], built: [Self.leaf, Self.int, Self.root], links: [1, nil])
        #expect(d.complete && d.missingIssuer == nil && d.order == .ok && d.superfluous.isEmpty)
        #expect(d.earliestExpiry?.subject == "CN=leaf" && d.earliestExpiry?.position == 0)
        #expect(!d.expiringSoon && d.outsideValidity == nil)
        #expect(d.warnings(reason: .ok).isEmpty)
    }

    @Test func leafRootIntermediateIsMisorderedWithASuperfluousRoot() {
        let d = diagnose(sent: [Self.leaf, Self.root, Self.int], built: [Self.leaf, Self.int, Self.root], links: [2, nil, 1])
        #expect(d.complete && d.order == .misordered)
        #expect(d.superfluous == [SuperfluousCertificate(position: 1, subject: "CN=root", kind: .root)])
        #expect(d.warnings(reason: .ok).map(\.code) == ["chain_misordered", "superfluous_certificates"])
    }

    @Test func unrelatedAndDuplicateCertificatesAreSuperfluous() {
        let other = Self.cert("other", issuer: "someone")
        let d = diagnose(sent: [Self.leaf, Self.int, other, Self.int], built: [Self.leaf, Self.int, Self.root], links: [1, nil, nil, nil])
        #expect(d.order == .ok)
        #expect(d.superfluous.map(\.kind) == [.unrelated, .duplicate])
        #expect(d.superfluous.map(\.position) == [2, 3])
    }

    @Test func aMissingIntermediateIsNamed() {
        let d = diagnose(sent: [Self.leaf], built: [Self.leaf], links: [nil], error: X509VerifyError.unableToGetLocalIssuer)
        #expect(!d.complete && d.missingIssuer == "CN=int")
        let (reason, detail) = CertificateWords.refine(.untrusted, "certificate verify failed", chain: d, sent: [Self.leaf])
        #expect(reason == .incompleteChain)
        #expect(detail.contains("the server sent no certificate for 'CN=int', the issuer of 'CN=leaf' (position 0)"))
        // A leaf that does not say where its issuer is published: an unknown CA as much as a
        // missing intermediate, so it stays untrusted (with the chain fields filled).
        let bare = Self.cert("leaf", issuer: "int")
        let b = diagnose(sent: [bare], built: [bare], links: [nil], error: X509VerifyError.unableToGetLocalIssuer)
        #expect(CertificateWords.refine(.untrusted, "x", chain: b, sent: [bare]).0 == .untrusted)
        #expect(b.missingIssuer == "CN=int")
    }

    @Test func anIntermediateFromTrustVerifiesButIsNotComplete() {
        let d = diagnose(sent: [Self.leaf], built: [Self.leaf, Self.int, Self.root], links: [nil])
        #expect(!d.complete && d.missingIssuer == "CN=int")
        #expect(d.warnings(reason: .ok).map(\.code) == ["incomplete_chain"])
    }

    @Test func expiryWindowsFollowScan() {
        // An intermediate with 10 days left: soon under 30 days, not under 5.
        let soon = Self.cert("int", issuer: "root", to: Self.at + 10 * Self.day, ca: true)
        let d = diagnose(sent: [Self.leaf, soon], built: [Self.leaf, soon, Self.root], links: [1, nil])
        #expect(d.expiringSoon && d.expiringFirst?.position == 1)
        #expect(d.earliestExpiry?.subject == "CN=int")
        #expect(d.warnings(reason: .ok).map(\.code) == ["chain_expiring_soon"])
        #expect(!diagnose(sent: [Self.leaf, soon], built: [Self.leaf, soon, Self.root], links: [1, nil], warnDays: 5).expiringSoon)
        // A 7-day leaf with 3 days left is fine (more than 2/7 of its lifetime); with 1 day left it is soon.
        let fresh = Self.cert("leaf", issuer: "int", from: Self.at - 4 * Self.day, to: Self.at + 3 * Self.day)
        #expect(!diagnose(sent: [fresh, Self.int], built: [fresh, Self.int, Self.root], links: [1, nil]).expiringSoon)
        let late = Self.cert("leaf", issuer: "int", from: Self.at - 6 * Self.day, to: Self.at + 1 * Self.day)
        #expect(diagnose(sent: [late, Self.int], built: [late, Self.int, Self.root], links: [1, nil]).expiringSoon)
    }

    @Test func theCertificateOutsideItsValidityIsNamed() {
        let expired = Self.cert("int", issuer: "root", from: Self.at - 400 * Self.day, to: Self.at - Self.day, ca: true)
        let d = diagnose(sent: [Self.leaf, expired], built: [Self.leaf, expired, Self.root], links: [1, nil],
                         error: X509VerifyError.expired)
        #expect(d.outsideValidity?.subject == "CN=int" && d.outsideValidity?.position == 1)
        #expect(!d.expiringSoon)
        let (reason, detail) = CertificateWords.refine(.expired, "certificate verify failed: certificate has expired", chain: d,
                                                       sent: [Self.leaf, expired])
        #expect(reason == .expired)
        #expect(detail.contains("'CN=int' (position 1 of the chain sent) expired at"))
    }

    @Test func noCertificateNoDiagnosis() {
        #expect(ChainDiagnosis(.empty, at: Self.at, warnDays: 30) == nil)
    }
}

@Suite struct HTTPProbeTests {
    static let nginx400 = "HTTP/1.1 400 Bad Request\r\nServer: nginx/1.22.1\r\nContent-Type: text/html\r\nContent-Length: 230\r\n"
        + "Connection: close\r\n\r\n<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n<body>\r\n"
        + "<center><h1>400 Bad Request</h1></center>\r\n<center>No required SSL certificate was sent</center>\r\n"

    @Test func nginxTextsAndCodesAreRead() {
        let required = HTTPProbe.parse(Array(Self.nginx400.utf8), path: "/healthz")
        #expect(required.status == 400 && required.statusLine == "HTTP/1.1 400 Bad Request")
        #expect(required.verdict == .clientCertificateRequired)
        #expect(required.clientCertificateProblem == "No required SSL certificate was sent")
        let rejected = HTTPProbe.parse(Array("HTTP/1.1 400 Bad Request\r\n\r\n<center>The SSL certificate error</center>".utf8), path: "/")
        #expect(rejected.verdict == .clientCertificateRejected)
        #expect(HTTPProbe.parse(Array("HTTP/1.1 496 SSL Certificate Required\r\n\r\n".utf8), path: "/").verdict == .clientCertificateRequired)
        #expect(HTTPProbe.parse(Array("HTTP/1.1 495 SSL Certificate Error\r\n\r\n".utf8), path: "/").verdict == .clientCertificateRejected)
    }

    @Test func otherAnswersSayNothingAboutCertificates() {
        #expect(HTTPProbe.parse(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8), path: "/").verdict == nil)
        #expect(HTTPProbe.parse(Array("HTTP/1.1 400 Bad Request\r\n\r\nmissing parameter".utf8), path: "/").verdict == nil)
        #expect(HTTPProbe.parse(Array("HTTP/1.1 404 Not Found\r\n\r\nno certificate required here".utf8), path: "/").verdict == nil)
        let nothing = HTTPProbe.parse([], path: "/")
        #expect(nothing.status == nil && nothing.verdict == nil)
        #expect(HTTPProbe.parse(Array("SSH-2.0-OpenSSH\r\n".utf8), path: "/").status == nil)
    }

    @Test func completenessFollowsContentLength() {
        #expect(HTTPProbe.isComplete(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8)))
        #expect(!HTTPProbe.isComplete(Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nok".utf8)))
        #expect(!HTTPProbe.isComplete(Array("HTTP/1.1 200 OK\r\n\r\nok".utf8)))  // no length: until the close
        #expect(String(decoding: HTTPProbe.request(path: "/healthz", host: "::1"), as: UTF8.self).contains("Host: [::1]\r\n"))
    }
}
