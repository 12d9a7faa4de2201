import Foundation
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
        #expect(throws: MeshReadError.self) { try PrivateCAPriceTable.decode(Data(#"{"daysPerMonth": "x"}"#.utf8), file: "p.json") }
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
        #expect(linked.map(\.role) == ["presented", "trusted"])
        #expect(linked[0].file?.path == "pki/users.pem" && linked[1].file == nil)
        #expect(findings.map(\.code).sorted() == ["certificate_file_missing", "expired"])
        let carried = try #require(findings.first { $0.code == "expired" })
        #expect(carried.message.hasPrefix("/etc/envoy/certs/users.pem → pki/users.pem"))
    }
}
