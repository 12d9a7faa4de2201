import Foundation
import MeshcertInventory
import MeshcertSupport
import Testing
@testable import MeshcertAppMesh

@Suite struct PriceTableTests {
    @Test func tieredCertificatePrices() {
        let tiers = PrivateCAPriceTable.listPrices.generalPurposeTiers
        #expect(PrivateCAPriceTable.certificateCost(10, tiers: tiers) == 7.5)
        // 1,000 at 0.75 + 9,000 at 0.35 + 1,000 at 0.001
        #expect(abs(PrivateCAPriceTable.certificateCost(11_000, tiers: tiers) - (750 + 3150 + 1)) < 1e-9)
    }

    @Test func bothModesComeFromTheTable() {
        let cost = CACostComparison.estimate(certificateAuthorities: 2, certificatesInUse: 395, services: 10,
                                             tasksPerService: 3, prices: .listPrices)
        #expect(cost.generalPurpose.caMonthly == 800)
        #expect(abs(cost.generalPurpose.certificatesPerMonth - 30) < 1e-9)   // 395 certificates, renewed every 395 days
        #expect(cost.shortLived.caMonthly == 100)
        #expect(abs(cost.shortLived.certificatesPerMonth - 180) < 1e-9)       // 30 tasks, renewed every 5 days
        #expect(abs(cost.shortLived.certificatesMonthly - 180 * 0.058) < 1e-9)
    }

    @Test func overrideFileKeepsUnnamedPrices() throws {
        let table = try PrivateCAPriceTable.decode(Data(#"{"shortLivedCAMonthly": 60, "shortLivedTiers": [{"upTo": null, "pricePerCertificate": 0.1}]}"#.utf8), file: "p.json")
        #expect(table.shortLivedCAMonthly == 60)
        #expect(table.shortLivedTiers == [.init(upTo: nil, pricePerCertificate: 0.1)])
        #expect(table.generalPurposeCAMonthly == 400)
        #expect(throws: Diagnostic.self) { try PrivateCAPriceTable.decode(Data(#"{"daysPerMonth": "x"}"#.utf8), file: "p.json") }
    }

    /// A misspelt key or an impossible amount is an error naming the field, not a silent list
    /// price or a garbled "$-99.0-72" in every fix text.
    @Test(arguments: [
        (#"{"shortLivedCAMonthy": 60}"#, "shortLivedCAMonthy", "unknown key"),
        (#"{"generalPurposeCAMonthly": -100}"#, "generalPurposeCAMonthly", "0 or more"),
        (#"{"shortLivedTiers": [{"upTo": null, "pricePerCertificate": -1}]}"#, "shortLivedTiers[0].pricePerCertificate", "0 or more"),
        (#"{"daysPerMonth": 0}"#, "daysPerMonth", "more than 0"),
        (#"{"shortLivedTiers": [{"upto": 1000, "pricePerCertificate": 0.1}]}"#, "shortLivedTiers[0].upto", "unknown key"),
        (#"{"shortLivedTiers": [{"upTo": 0, "pricePerCertificate": 0.1}]}"#, "shortLivedTiers[0].upTo", "more than 0"),
    ])
    func badOverridesNameTheField(json: String, field: String, message: String) {
        do {
            _ = try PrivateCAPriceTable.decode(Data(json.utf8), file: "p.json")
            Issue.record("expected an error for \(json)")
        } catch {
            let diagnostic = error as? Diagnostic
            #expect(diagnostic?.field == field, "\(error)")
            #expect(diagnostic?.message.contains(message) == true, "\(error)")
        }
    }
}

@Suite struct CertificateLinkerTests {
    @Test func longestPathSuffixWins() {
        let linker = CertificateLinker(files: [
            ScannedCertificateFile(path: "backup/users.pem"),
            ScannedCertificateFile(path: "pki/envoy/certs/users.pem"),
            ScannedCertificateFile(path: "other/certs/users.pem"),
        ], at: 0)
        #expect(linker.match("/etc/envoy/certs/users.pem")?.path == "pki/envoy/certs/users.pem")
        #expect(linker.match("/x/certs/users.pem")?.path == "other/certs/users.pem")
        #expect(linker.match("/etc/envoy/certs/stock.pem") == nil)
    }

    @Test func missingFilesAndCarriedFindings() throws {
        let expired = MeshFinding(code: "expired", severity: .blocker, message: "expired 2026-01-01", fix: "renew")
        let linker = CertificateLinker(files: [ScannedCertificateFile(path: "pki/users.pem", findings: [expired])], at: 0)
        let node = Fixtures.node("""
            {"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}, "tls": {"mode": "STRICT",
               "certificate": {"file": {"certificateChain": "/etc/envoy/certs/users.pem", "privateKey": "/etc/envoy/certs/users.key"}},
               "validation": {"trust": {"file": {"certificateChain": "/etc/envoy/certs/ca-bundle.pem"}}}}}]}
            """)
        let (linked, findings) = linker.link(node)
        #expect(linked.map(\.role) == ["presented", "privateKey", "trusted"])
        // users.key and ca-bundle.pem were not scanned: two missing files.
        #expect(linked[0].file?.path == "pki/users.pem" && linked[1].file == nil && linked[2].file == nil)
        #expect(findings.map(\.code).sorted() == ["certificate_file_missing", "certificate_file_missing", "expired"])
        let carried = try #require(findings.first { $0.code == "expired" })
        #expect(carried.message.hasPrefix("/etc/envoy/certs/users.pem → pki/users.pem"))
    }
}

/// `--certs` with the real certificate inventory of the demo PKI (Certs/pki).
@Suite struct InventoryLinkTests {
    static func linker(at: String) throws -> CertificateLinker {
        let pki = Fixtures.repoRoot.appendingPathComponent("Certs/pki").path
        let inventory = try InventoryScanner.scan(paths: [pki], options: ScanOptions(evaluatedAt: Timestamp.parse(at)!))
        return CertificateLinker(inventory: inventory)
    }

    static func node(certificate: String, key: String, trust: String) -> MeshNode {
        Fixtures.node("""
            {"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}, "tls": {"mode": "STRICT",
               "certificate": {"file": {"certificateChain": "\(certificate)", "privateKey": "\(key)"}},
               "validation": {"trust": {"file": {"certificateChain": "\(trust)"}}}}}]}
            """)
    }

    @Test func presentedAndTrustedCertificatesShowExpiryAndUsageMode() throws {
        let (linked, findings) = try Self.linker(at: "2026-12-02T00:00:00Z")
            .link(Self.node(certificate: "/etc/envoy/certs/users.pem", key: "/etc/envoy/certs/users.key", trust: "/etc/envoy/certs/ca-bundle.pem"))
        #expect(linked.map(\.role) == ["presented", "privateKey", "trusted"])
        let presented = try #require(linked[0].file)
        #expect(presented.path.hasSuffix("Certs/pki/users.pem"))
        #expect(presented.notAfter == Timestamp.parse("2027-07-01T00:00:00Z"))
        #expect(presented.usageMode == "GENERAL_PURPOSE")
        #expect(presented.subject?.contains("users") == true)
        let trusted = try #require(linked[2].file)
        #expect(trusted.certificates == 2 && trusted.usageMode == nil)
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func expiredCertificateFindingIsCarriedOver() throws {
        let (_, findings) = try Self.linker(at: "2027-08-01T00:00:00Z")
            .link(Self.node(certificate: "/etc/envoy/certs/users.pem", key: "/etc/envoy/certs/users.key", trust: "/etc/envoy/certs/ca-bundle.pem"))
        let expired = try #require(findings.first { $0.code == "expired" })
        #expect(expired.severity == .warning)
        #expect(expired.message.hasPrefix("/etc/envoy/certs/users.pem → "))
    }

    @Test func missingFileAndMismatchedKeyAreFindings() throws {
        let (linked, findings) = try Self.linker(at: "2026-12-02T00:00:00Z")
            .link(Self.node(certificate: "/etc/envoy/certs/users.pem", key: "/etc/envoy/certs/stock.key", trust: "/etc/envoy/certs/old-ca.pem"))
        #expect(linked[2].file == nil)
        #expect(Set(findings.map(\.code)) == ["certificate_file_missing", "certificate_key_mismatch"])
        #expect(findings.first { $0.code == "certificate_file_missing" }?.message.contains("/etc/envoy/certs/old-ca.pem") == true)
    }
}
