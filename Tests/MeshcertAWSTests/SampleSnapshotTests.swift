import Foundation
import MeshcertSupport
import Testing
@testable import MeshcertAWS

/// The hand-made snapshot in Tests/Fixtures/aws/sample-snapshot: its files are the aws CLI's
/// shapes (checked against botocore), its snapshot.json is what SnapshotManifest writes, and the
/// tracker reads it to the states make-sample-snapshot.py describes.
@Suite struct SampleSnapshotTests {
    static let fixtures: URL = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        url.deleteLastPathComponent()
        return url.appendingPathComponent("Fixtures/aws")
    }()
    static let sample = fixtures.appendingPathComponent("sample-snapshot").path
    static let at = Timestamp.epoch(year: 2026, month: 12, day: 1)

    @Test func everyFileMatchesBotocoresModels() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.fixtures.appendingPathComponent("check-snapshot-shapes.py").path, Self.sample]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        do { try process.run() } catch {
            print("skipped: python3 cannot be run (\(error)); the botocore shape check needs it")
            return
        }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 2 && text.contains("botocore is not installed") {
            print("skipped: \(text)")
            return
        }
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("52 outputs match botocore"), "\(text)")
    }

    @Test func snapshotJSONIsWhatSnapshotManifestWrites() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.sample + "/snapshot.json")))
        let json = try JSON.parse(bytes)
        let manifest = try JSONValueDecoder().decode(SnapshotManifest.self, from: json)
        #expect(try JSONValueEncoder().encode(manifest) == json)
        #expect(manifest.summary == SnapshotManifest.Summary(manifest.calls))
    }

    @Test func sampleReadsToTheDescribedStates() throws {
        let doc = try MigrationStatus.run(snapshotDirectory: Self.sample, options: MigrationOptions(at: Self.at))
        let states = Dictionary(uniqueKeysWithValues: doc.services.map { ($0.name, $0.state) })
        #expect(states == ["frontend": .migrated, "users": .shifting, "orders": .blocked, "payments": .blocked, "search": .greenDeployed,
                           "catalog": .blocked, "stock": .notStarted, "reviews": .migrated])
        let codes = Dictionary(uniqueKeysWithValues: doc.services.map { ($0.name, Set($0.findings.map(\.code.rawValue))) })
        #expect(codes["orders"] == ["mtls_lost"])
        #expect(codes["payments"] == ["pca_key_algorithm_unsupported", "pca_general_purpose", "pca_expiring", "acm_renewal_failed"])
        #expect(codes["search"] == ["acm_expiring", "green_not_running"])
        #expect(codes["catalog"] == ["weighted_routing_lost"])
        #expect(codes["stock"] == ["cross_account_mesh"])
        #expect(codes["frontend"] == [] && codes["users"] == [] && codes["reviews"] == [])

        let users = try #require(doc.services.first { $0.name == "users" })
        #expect(users.green?.namespace == "shop.local")
        #expect(users.greenShare == 0.25 && users.blue?.ecsServices.first?.runningCount == 2)
        #expect(doc.traffic.map(\.name) == ["shop-alb:443 rule 10", "shop-alb:443 default", "users.shop.example.com CNAME"])
        #expect(doc.traffic.map(\.greenShare) == [0.1, 1, 0.25])
        #expect(doc.counts.total == 8 && doc.counts.blocked == 3 && doc.counts.migrated == 2)
        #expect(doc.privateCAs.count == 3)
        #expect(doc.privateCAMonthlyUSD == PrivateCAListPrices.shortLivedCAMonthly + 2 * PrivateCAListPrices.generalPurposeCAMonthly)
        // The failed and the skipped call are said, nothing else is missing.
        #expect(doc.problems.map(\.code) == ["call_skipped", "call_failed"])
        #expect(doc.snapshot.callsOk == 52 && doc.snapshot.callsFailed == 1 && doc.snapshot.callsSkipped == 1)
    }

    /// A copy of the sample to break.
    func copy() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-snapshot-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: Self.sample, toPath: dir)
        return dir
    }

    @Test func corruptAndMissingFilesAreProblemsAndTheRestIsRead() throws {
        let dir = try copy()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("{\"services\": [".utf8).write(to: URL(fileURLWithPath: dir + "/eu-west-1/ecs/describe-services--green-batch-1.json"))
        try FileManager.default.removeItem(atPath: dir + "/eu-west-1/acm-pca/list-certificate-authorities.json")
        try Data("{\"LoadBalancers\": \"none\"}".utf8).write(to: URL(fileURLWithPath: dir + "/eu-west-1/elbv2/describe-load-balancers.json"))
        try Data("{\"virtualNode\": ".utf8).write(to: URL(fileURLWithPath: dir + "/eu-west-1/appmesh/shop/virtual-nodes/orders.json"))
        let doc = try MigrationStatus.run(snapshotDirectory: dir, options: MigrationOptions(at: Self.at))
        let byFile = Dictionary(grouping: doc.problems.filter { $0.file != nil }, by: { $0.file! })
        #expect(byFile["eu-west-1/ecs/describe-services--green-batch-1.json"]?.first?.code == "corrupt_file")
        #expect(byFile["eu-west-1/acm-pca/list-certificate-authorities.json"]?.first?.code == "missing_file")
        #expect(byFile["eu-west-1/appmesh/shop/virtual-nodes/orders.json"]?.first?.code == "corrupt_file")
        let shape = try #require(byFile["eu-west-1/elbv2/describe-load-balancers.json"]?.first)
        #expect(shape.code == "unexpected_shape" && shape.message.contains("LoadBalancers: expected an array"), "\(shape.message)")
        #expect(byFile["eu-west-1/acm-pca/list-certificate-authorities.json"]?.first?.message.contains("list-certificate-authorities.json: missing") == true)
        // Still read: the blue side, the other cluster, Route 53.
        #expect(doc.services.contains { $0.name == "stock" && $0.state == .notStarted })
        #expect(doc.traffic.contains { $0.source == "route53" })
        #expect(doc.services.allSatisfy { $0.green == nil })
    }

    @Test func unreadableSnapshotJSONIsAFailureNamingTheFile() throws {
        let dir = try copy()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("not json".utf8).write(to: URL(fileURLWithPath: dir + "/snapshot.json"))
        #expect { try MigrationStatus.run(snapshotDirectory: dir, options: MigrationOptions(at: Self.at)) } throws: { error in
            (error as? CommandFailure).map { $0.exitCode == 2 && $0.message.contains(dir + "/snapshot.json: not JSON") } ?? false
        }
        try FileManager.default.removeItem(atPath: dir + "/snapshot.json")
        #expect { try MigrationStatus.run(snapshotDirectory: dir, options: MigrationOptions(at: Self.at)) } throws: { error in
            (error as? CommandFailure).map { $0.message.contains("snapshot.json: missing or unreadable") } ?? false
        }
    }

    @Test func mapFileInYAMLAndItsErrors() throws {
        let dir = try copy()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let map = dir + "/../map-\(UUID().uuidString).yaml"
        defer { try? FileManager.default.removeItem(atPath: map) }
        try Data("pairs:\n  - name: stock-moved\n    blue: partner/stock\n    green: green/reviews\n".utf8).write(to: URL(fileURLWithPath: map))
        let doc = try MigrationStatus.run(snapshotDirectory: dir, options: MigrationOptions(at: Self.at, mapFile: map))
        let moved = try #require(doc.services.first { $0.name == "stock-moved" })
        #expect(moved.pairedBy == "map" && moved.green?.service == "reviews" && moved.blue?.mesh == "partner")
        try Data("pairs:\n  - blue: x\n".utf8).write(to: URL(fileURLWithPath: map))
        #expect { try MigrationStatus.run(snapshotDirectory: dir, options: MigrationOptions(at: Self.at, mapFile: map)) } throws: { error in
            (error as? CommandFailure)?.message.contains("pairs[0].green") ?? false
        }
    }
}
