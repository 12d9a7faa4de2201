import Foundation
import MeshcertOpenSSL
import MeshcertSupport
import Testing
@testable import MeshcertHandshake

/// `meshcert.handshake.v1` and `meshcert.lab.v1` are typed documents: what is written reads back
/// into the same value and writes the same bytes again. Real handshakes on loopback.
@Suite struct HandshakeDocumentTests {
    static let at = InProcessHandshakeTests.at
    static func path(_ p: String) -> String { InProcessHandshakeTests.path(p) }

    /// Decodes the text and checks the value and its re-encoding; returns the decoded document.
    @discardableResult
    static func roundTrip<D: Codable & Equatable>(_ doc: D) throws -> D {
        let text = try JSONValueEncoder().encode(doc).render()
        let back = try JSONValueDecoder().decode(D.self, from: Array(text.utf8))
        #expect(back == doc)
        #expect(try JSONValueEncoder().encode(back).render() == text)
        return back
    }

    func results(repeatCount: Int = 1) throws -> [HandshakeCheckResult] {
        let tests = InProcessHandshakeTests()
        let s = try tests.server()
        let tls12 = try tests.server(max: .tls12)
        defer { s.stop(); tls12.stop() }
        return try HandshakeEngine.run([
            tests.check("ok", s, serverName: "users.sc.internal"),
            tests.check("ip", s),
            tests.check("name", s, serverName: "billing.sc.internal"),
            tests.check("trust", s, serverName: "users.sc.internal", trust: "Certs/pki/root-ca.pem"),
            tests.check("floor", tls12, min: .tls13),
        ], options: EngineOptions(jobs: 2, repeatCount: repeatCount))
    }

    @Test func handshakeDocumentRoundTrips() throws {
        let results = try results()
        for at in [Self.at, nil] {
            let doc = HandshakeDocument(results: results, at: at)
            let back = try Self.roundTrip(doc)
            #expect(back.at == at.map(Instant.init))
            #expect(back.checks.map(\.reason) == [.ok, .ok, .hostnameMismatch, .untrusted, .protocolMismatch])
            #expect(back.checks[0].peerChain.first?.notAfter != nil)
            #expect(back.summary.reasons[.ok] == 2 && back.summary.reasons[.untrusted] == 1 && back.summary.reasons[.expired] == 0)
            #expect(back.checks.allSatisfy { $0.load == nil })
        }
        let json = try JSONValueEncoder().encode(HandshakeDocument(results: results, at: Self.at))
        #expect(json["at"]?.stringValue == "2026-12-02T00:00:00Z")
        let check = json["checks"]?.arrayValue?.first
        #expect(DocumentJSON.keys(check) == [
            "name", "target", "serverName", "outcome", "reason", "detail", "protocol", "cipher", "group", "clientAuth", "httpProbe",
            "serverVersions", "peerChain", "ocspStapled", "chain", "warnings", "verification", "serviceConnectCompatible", "connectMs", "handshakeMs",
            "expected", "matchedExpectation",
        ])
        #expect(DocumentJSON.keys(check?["chain"]) == [
            "complete", "missingIssuer", "order", "superfluous", "earliestExpiry", "expiringSoon", "warnDays", "outsideValidity",
        ])
        #expect(DocumentJSON.keys(check?["peerChain"]?.arrayValue?.first) == [
            "subject", "issuer", "notAfter", "sha256", "notBefore", "serial", "dnsNames", "ipAddresses", "key", "signatureAlgorithm",
            "ocspURIs", "caIssuersURIs", "crlURIs", "isCA", "selfSigned",
        ])
        // Reasons in the contract's order, only those seen.
        #expect(DocumentJSON.keys(json["summary"]?["reasons"]) == ["ok", "untrusted", "hostname_mismatch", "protocol_mismatch"])
        #expect(json["checks"]?.arrayValue?[4]["protocol"] == JSON.null)  // no handshake: null, not left out
    }

    @Test func loadIsWrittenOnlyWhenRepeated() throws {
        let doc = HandshakeDocument(results: try results(repeatCount: 3), at: Self.at)
        let back = try Self.roundTrip(doc)
        #expect(back.checks.allSatisfy { $0.load?.handshakes == 3 })
        let check = try JSONValueEncoder().encode(doc)["checks"]?.arrayValue?.first
        #expect(DocumentJSON.keys(check).last == "load")
        #expect(DocumentJSON.keys(check?["load"]) == ["handshakes", "missedExpectation", "handshakesPerSecond", "p50Ms", "p99Ms", "meanMs"])
        #expect(DocumentJSON.keys(check?["load"]?["meanMs"]) == ["connect", "handshake", "postHandshake", "total"])
    }

    func lab(fault: LabFault?) throws -> LabDocument {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-labdoc-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: work) }
        let world = try LabWorld(LabOptions(fault: fault, at: Self.at, pkiDirectory: Self.path("Certs/pki"), workDirectory: work,
                                            timeouts: HandshakeTimeouts(connect: 20, handshake: 20, read: 10)))
        defer { world.stop() }
        return LabDocument(world: world, results: try world.runMatrix(jobs: 4))
    }

    @Test(arguments: [nil, LabFault.expired]) func labDocumentRoundTrips(_ fault: LabFault?) throws {
        let doc = try lab(fault: fault)
        let back = try Self.roundTrip(doc)
        #expect(back.schema == "meshcert.lab.v1")
        #expect(back.fault?.kind == fault)
        #expect(back.cells.allSatisfy { $0.check.matchedExpectation })
        #expect(back.summary.checks == back.cells.count)
        let json = try JSONValueEncoder().encode(doc)
        #expect(DocumentJSON.keys(json) == ["schema", "at", "fault", "servers", "cells", "summary"])
        if fault == nil { #expect(json["fault"] == JSON.null) }
    }

    @Test func aRenamedFieldFailsNamingIt() throws {
        let doc = try lab(fault: nil)
        let json = try JSONValueEncoder().encode(doc)
        let renamed = DocumentJSON.rename(json, at: ["cells", "1", "check"], from: "reason", to: "diagnosis")
        do {
            _ = try JSONValueDecoder().decode(LabDocument.self, from: renamed)
            Issue.record("a cell without check.reason decoded")
        } catch let e as DecodingError {
            #expect(e.fieldDescription == "cells[1].check.reason: missing field 'reason'")
        }
        let handshake = try JSONValueEncoder().encode(HandshakeDocument(results: try results(), at: nil))
        let noMatch = DocumentJSON.rename(handshake, at: ["checks", "0"], from: "matchedExpectation", to: "matched")
        do {
            _ = try JSONValueDecoder().decode(HandshakeDocument.self, from: noMatch)
            Issue.record("a check without matchedExpectation decoded")
        } catch let e as DecodingError {
            #expect(e.fieldDescription == "checks[0].matchedExpectation: missing field 'matchedExpectation'")
        }
        let badReason = DocumentJSON.rename(handshake, at: ["summary", "reasons"], from: "untrusted", to: "distrusted")
        do {
            _ = try JSONValueDecoder().decode(HandshakeDocument.self, from: badReason)
            Issue.record("an unknown reason code decoded")
        } catch let e as DecodingError {
            #expect(e.fieldDescription == "summary.reasons.distrusted: 'distrusted' is not a reason code")
        }
    }
}
