import Foundation
import Testing

/// The whole `meshcert aws` path on a real moto world through the real aws CLI: a snapshot read
/// by `aws status`, and `aws status --live` (snapshot and status in one step) giving the same
/// document. The test world's cases: users' green CA has a P-384 key, stock's green has no TLS
/// and no running task, frontend presents a client certificate on App Mesh (mTLS, lost on
/// Service Connect), www.shop.example.com splits 3:1, and an ALB forwards to frontend's blue and
/// green target groups. moto implements no App Mesh virtual gateways or virtual services.
@Suite(.serialized) struct AWSLiveEndToEndTests {
    static let at = "2026-12-01T00:00:00Z"

    func service(_ doc: [String: Any], _ name: String) -> [String: Any]? {
        (doc["services"] as? [[String: Any]])?.first { $0["name"] as? String == name }
    }

    func codes(_ service: [String: Any]?) -> Set<String> {
        Set((service?["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
    }

    @Test(.enabled(if: AWSSnapshotWorld.runnable, AWSSnapshotWorld.skipReason))
    func statusOfASnapshotAndLiveAgree() throws {
        let world = try AWSSnapshotWorld(["--world", "test"])
        defer { world.stop() }
        let zone = try #require((world.info["hostedZones"] as? [String: String])?["shop.example.com"])
        let out = AWSSnapshotFolder.temporary()
        defer { try? FileManager.default.removeItem(at: out) }
        let snap = try world.snapshot(["--region", "eu-west-1", "--hosted-zone", zone, "--timeout", "300"], out: out)
        #expect(snap.status == 0, "\(snap.stdout)\n\(snap.stderr)")

        let status = try MeshcertBinary.run(["aws", "status", out.path, "--format", "json", "--at", Self.at], timeout: 120)
        #expect(status.status == 0, "\(status.stderr)")
        let doc = try status.json()
        #expect(doc["schema"] as? String == "meshcert.migration.v1")
        // What moto does not implement is said, as skipped calls; nothing else is missing.
        let problems = doc["problems"] as? [[String: Any]] ?? []
        #expect(problems.allSatisfy { $0["code"] as? String == "call_skipped" }, "\(problems)")
        #expect(Set(problems.compactMap { ($0["call"] as? String)?.split(separator: " ").dropFirst().first.map(String.init) })
                == ["list-virtual-gateways", "list-virtual-services"], "\(problems)")
        let users = service(doc, "users"), stock = service(doc, "stock"), frontend = service(doc, "frontend")
        #expect(users?["state"] as? String == "blocked")
        #expect(codes(users).contains("pca_key_algorithm_unsupported"), "\(codes(users))")
        #expect(stock?["state"] as? String == "blocked")
        #expect(codes(stock).isSuperset(of: ["green_tls_disabled", "green_not_running"]), "\(codes(stock))")
        #expect(frontend?["state"] as? String == "blocked")
        #expect(codes(frontend).contains("mtls_lost"), "\(codes(frontend))")
        let traffic = doc["traffic"] as? [[String: Any]] ?? []
        let route53 = traffic.first { $0["source"] as? String == "route53" }
        let shares = (route53?["sets"] as? [[String: Any]] ?? []).compactMap { $0["share"] as? Double }.sorted()
        #expect(shares == [0.25, 0.75], "\(traffic)")
        let alb = traffic.first { $0["source"] as? String == "alb" }
        #expect((alb?["sets"] as? [[String: Any]] ?? []).contains { $0["green"] as? Bool == true }, "\(traffic)")

        // --live: one step, into a temporary folder; the same services, states and findings.
        let live = try MeshcertBinary.run(["aws", "status", "--live", "--region", "eu-west-1", "--hosted-zone", zone, "--timeout", "300",
                                           "--format", "json", "--at", Self.at], environment: world.environment, timeout: 900,
                                          launcher: ["/usr/bin/env", "-u", "AWS_PROFILE", "-u", "AWS_SESSION_TOKEN"])
        #expect(live.status == 0, "\(live.stderr)")
        let liveDoc = try live.json()
        let summary = { (d: [String: Any]) in
            (d["services"] as? [[String: Any]] ?? []).map { "\($0["name"] ?? "") \($0["state"] ?? "") \(codes($0).sorted())" }
        }
        #expect(summary(liveDoc) == summary(doc))
        #expect(live.stderr.contains("acm-pca"), "the snapshot summary goes to stderr: \(live.stderr)")

        // --live without an account to read: exit 2, named.
        let dead = try MeshcertBinary.run(["aws", "status", "--live", "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:9",
                                           "--timeout", "20"], environment: world.environment, timeout: 300,
                                          launcher: ["/usr/bin/env", "-u", "AWS_PROFILE", "-u", "AWS_SESSION_TOKEN"])
        #expect(dead.status == 2, "\(dead.stdout)\n\(dead.stderr)")
        #expect(dead.stderr.contains("nothing could be read"), "\(dead.stderr)")
    }

    @Test func statusWithoutAFolderOrLiveIsAUsageError() throws {
        let run = try MeshcertBinary.run(["aws", "status"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--live"), "\(run.stderr)")
    }
}
