import Foundation
import Testing

/// `meshcert aws status` and `meshcert report --aws` run as real processes over the hand-made
/// snapshot in Tests/Fixtures/aws/sample-snapshot (its files checked against botocore by
/// MeshcertAWSTests), and over broken copies of it.
@Suite struct AWSStatusEndToEndTests {
    static let sample = "Tests/Fixtures/aws/sample-snapshot"
    static let at = ["--at", "2026-12-01T00:00:00Z"]

    /// A copy of the sample to break, removed by the caller.
    func copy() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-aws-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: MeshcertBinary.repoRoot.appendingPathComponent(Self.sample), to: dir)
        return dir
    }

    @Test func tableShowsEveryServiceTheTrafficAndTheCAs() throws {
        let run = try MeshcertBinary.run(["aws", "status", Self.sample] + Self.at)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("8 services: 3 blocked, 1 not started, 1 green deployed, 1 shifting, 2 migrated"))
        let rows = Dictionary(run.stdout.split(separator: "\n").compactMap { line -> (String, String)? in
            let cells = line.split(separator: " ", omittingEmptySubsequences: true)
            guard cells.count > 2, ["catalog", "frontend", "orders", "payments", "search", "users", "stock", "reviews"].contains(String(cells[0])) else { return nil }
            return (String(cells[0]), String(cells[1]))
        }, uniquingKeysWith: { a, _ in a })
        #expect(rows == ["catalog": "blocked", "frontend": "migrated", "orders": "blocked", "payments": "blocked", "search": "green_deployed",
                         "users": "shifting", "stock": "not_started", "reviews": "migrated"])
        #expect(run.stdout.contains("users.shop.example.com CNAME  route53  25%"))
        #expect(run.stdout.contains("$850 a month in all"))
        #expect(run.stdout.contains("fix: Service Connect has no mutual TLS"))
        #expect(run.stdout.contains("call_failed: servicediscovery list-services"))
    }

    @Test func jsonIsTheMigrationDocument() throws {
        let run = try MeshcertBinary.run(["aws", "status", Self.sample, "--format", "json"] + Self.at)
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try run.json()
        #expect(doc["schema"] as? String == "meshcert.migration.v1")
        #expect(doc["evaluatedAt"] as? String == "2026-12-01T00:00:00Z")
        let counts = try #require(doc["counts"] as? [String: Int])
        #expect(counts == ["total": 8, "blocked": 3, "not_started": 1, "green_deployed": 1, "shifting": 1, "migrated": 2])
        let services = try #require(doc["services"] as? [[String: Any]])
        let users = try #require(services.first { $0["name"] as? String == "users" })
        #expect(users["greenShare"] as? Double == 0.25)
        let green = try #require(users["green"] as? [String: Any])
        #expect(green["tls"] as? Bool == true && green["runningCount"] as? Int == 2)
        let ca = try #require(green["certificateAuthority"] as? [String: Any])
        #expect(ca["usageMode"] as? String == "SHORT_LIVED_CERTIFICATE" && ca["keyAlgorithm"] as? String == "EC_prime256v1")
        let orders = try #require(services.first { $0["name"] as? String == "orders" })
        let finding = try #require((orders["findings"] as? [[String: Any]])?.first)
        #expect(finding["code"] as? String == "mtls_lost" && finding["severity"] as? String == "blocker")
        #expect((finding["fix"] as? String)?.isEmpty == false)
        let traffic = try #require(doc["traffic"] as? [[String: Any]])
        let route53 = try #require(traffic.first { $0["source"] as? String == "route53" })
        let sets = try #require(route53["sets"] as? [[String: Any]])
        #expect(sets.map { $0["weight"] as? Int } == [3, 1])
        #expect(sets.map { $0["share"] as? Double } == [0.75, 0.25])
        #expect(sets.map { $0["green"] as? Bool } == [false, true])
        #expect((doc["privateCAs"] as? [Any])?.count == 3)
        #expect(run.stderr.contains("2 part(s) of the snapshot could not be read"))
    }

    @Test func failOnBlockedExitsOne() throws {
        let run = try MeshcertBinary.run(["aws", "status", Self.sample, "--fail-on", "blocked"] + Self.at)
        #expect(run.status == 1)
        #expect(run.stdout.contains("3 blocked"))
        let bad = try MeshcertBinary.run(["aws", "status", Self.sample, "--fail-on", "shifting"])
        #expect(bad.status == 2)
    }

    @Test func greenSetAndWarnDaysChangeTheVerdict() throws {
        let run = try MeshcertBinary.run(["aws", "status", Self.sample, "--format", "json", "--green-set", "blue-orders", "--warn-days", "10"] + Self.at)
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try run.json()
        let traffic = try #require(doc["traffic"] as? [[String: Any]])
        #expect(traffic.first { $0["name"] as? String == "shop-alb:443 rule 10" }?["greenShare"] as? Double == 1)
        let services = try #require(doc["services"] as? [[String: Any]])
        let search = try #require(services.first { $0["name"] as? String == "search" })
        #expect((search["findings"] as? [[String: Any]])?.map { $0["code"] as? String } == ["green_not_running"])
    }

    @Test func corruptFileIsNamedAndTheRestIsRead() throws {
        let dir = try copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = "eu-west-1/acm-pca/list-certificate-authorities.json"
        try Data("{\"CertificateAuthorities\": [{".utf8).write(to: dir.appendingPathComponent(file))
        let run = try MeshcertBinary.run(["aws", "status", dir.path, "--format", "json"] + Self.at)
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try run.json()
        let problems = try #require(doc["problems"] as? [[String: Any]])
        let problem = try #require(problems.first { $0["file"] as? String == file })
        #expect(problem["code"] as? String == "corrupt_file")
        #expect((problem["message"] as? String)?.contains(dir.path + "/" + file + ": not JSON") == true)
        #expect((doc["privateCAs"] as? [Any])?.isEmpty == true)
        #expect((doc["services"] as? [Any])?.count == 8)
        // Without the CAs, green's CA cannot be checked: said, not guessed.
        let table = try MeshcertBinary.run(["aws", "status", dir.path] + Self.at)
        #expect(table.status == 0)
        #expect(table.stdout.contains("pca_not_found") && table.stdout.contains("corrupt_file: \(dir.path)/\(file): not JSON"))
    }

    @Test func missingFileIsNamedAndMissingSnapshotJSONExitsTwo() throws {
        let dir = try copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = "global/route53/list-resource-record-sets--Z0123456789SHOPEXAMPLE.json"
        try FileManager.default.removeItem(at: dir.appendingPathComponent(file))
        let run = try MeshcertBinary.run(["aws", "status", dir.path] + Self.at)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("missing_file: \(dir.path)/\(file): missing"))
        // No Route 53 entry point left: users is no longer seen shifting.
        #expect(!run.stdout.contains("CNAME  route53"))
        #expect(run.stdout.contains("2 green deployed, 0 shifting"))

        try FileManager.default.removeItem(at: dir.appendingPathComponent("snapshot.json"))
        let gone = try MeshcertBinary.run(["aws", "status", dir.path] + Self.at)
        #expect(gone.status == 2)
        #expect(gone.stderr.contains("\(dir.path)/snapshot.json: missing or unreadable"))
        #expect(gone.stdout.isEmpty)
    }

    @Test func reportCarriesMigrationProgress() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-aws-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try MeshcertBinary.run(["report", "--aws", Self.sample, "--out", out.path] + Self.at)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("migration: 8 services, 2 migrated, 1 shifting, 1 green deployed, 1 not started, 3 blocked"))
        #expect(!run.stdout.contains("nothing to report"))
        let jsonURL = out.appendingPathComponent("report.json"), htmlURL = out.appendingPathComponent("report.html")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: jsonURL)) as? [String: Any])
        let migration = try #require(report["migration"] as? [String: Any])
        #expect(migration["schema"] as? String == "meshcert.migration.v1")
        #expect((migration["counts"] as? [String: Int])?["blocked"] == 3)
        #expect((report["inputs"] as? [String: Any])?["aws"] as? String == Self.sample)
        // The same document `aws status --format json` prints.
        let status = try MeshcertBinary.run(["aws", "status", Self.sample, "--format", "json"] + Self.at).json()
        #expect(NSDictionary(dictionary: migration).isEqual(to: status))

        let html = try String(contentsOf: htmlURL, encoding: .utf8)
        #expect(html.contains("<h2 id=\"migration-h\">Migration progress</h2>"))
        #expect(html.contains("aria-label=\"green 25%\""))
        #expect(html.contains("What blocks the migration, and the fixes"))
        #expect(html.contains("$850.00") && html.contains("Migrated to Service Connect") && !html.contains("Nothing to report"))
        // The page checks of the report's own tests: structure, nothing external, no horizontal scroll.
        let reportTests = ReportEndToEndTests()
        let page = try reportTests.checkPage(htmlURL)
        #expect((page["problems"] as? [String]) == [], "\(page["problems"] ?? "")")
        #expect((page["skipped"] as? [String]) == [] && (page["thWithoutScope"] as? Int) == 0)
        #expect((page["captions"] as? Int) == (page["tables"] as? Int))
        #expect((page["ids"] as? [String])?.contains("migration") == true)
        if let chromium = ReportEndToEndTests.chromium {
            let dir = try reportTests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-dev-shm-usage",
                         "--user-data-dir=" + dir.appendingPathComponent("profile").path]
            try reportTests.expectNoHorizontalScroll(chromium, flags, htmlURL, dir)
        }

        // --rerender gives the same page; a report.json written before the field still reads.
        let rerender = try MeshcertBinary.run(["report", "--rerender", out.path])
        #expect(rerender.status == 0, "\(rerender.stderr)")
        #expect(try String(contentsOf: htmlURL, encoding: .utf8) == html)
        var old = report
        old.removeValue(forKey: "migration")
        var inputs = try #require(old["inputs"] as? [String: Any])
        inputs.removeValue(forKey: "aws")
        old["inputs"] = inputs
        try JSONSerialization.data(withJSONObject: old).write(to: jsonURL)
        let oldRun = try MeshcertBinary.run(["report", "--rerender", out.path])
        #expect(oldRun.status == 0, "\(oldRun.stderr)")
        #expect(try !String(contentsOf: htmlURL, encoding: .utf8).contains("Migration progress"))
        let previous = try MeshcertBinary.run(["report", "--aws", Self.sample, "--out", out.path + "-2", "--previous", out.path] + Self.at)
        defer { try? FileManager.default.removeItem(atPath: out.path + "-2") }
        #expect(previous.status == 0, "\(previous.stderr)")
    }
}
