import Foundation
import Testing

/// `meshcert aws snapshot` against a real moto server (Tests/Fixtures/aws/moto_world.py, moto
/// in-process on loopback with its models patched where it drops fields the real API returns)
/// through the real aws CLI. Serialized: each test runs a world and many aws CLI processes.
@Suite(.serialized) struct AWSSnapshotEndToEndTests {
    static func status(_ call: [String: Any]) -> String { call["status"] as? String ?? "" }

    /// Keeps the snapshot where Scripts/test.sh's secret check reads every output too.
    static func keepForSecretCheck(_ folder: URL) {
        guard let dir = ProcessInfo.processInfo.environment["MESHCERT_TEST_OUTPUT_DIR"], !dir.isEmpty else { return }
        try? FileManager.default.copyItem(at: folder, to: URL(fileURLWithPath: dir).appendingPathComponent("aws-snapshot-\(UUID().uuidString)"))
    }

    @Test(.enabled(if: AWSSnapshotWorld.runnable, AWSSnapshotWorld.skipReason))
    func testWorldIsReadInFullAndAnEmptyRegionIsEmpty() throws {
        let world = try AWSSnapshotWorld(["--world", "test"])
        defer { world.stop() }
        let zone = try #require((world.info["hostedZones"] as? [String: String])?["shop.example.com"])
        let out = AWSSnapshotFolder.temporary()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try world.snapshot(["--region", "eu-west-1", "--hosted-zone", zone, "--timeout", "300"], out: out)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let snap = try AWSSnapshotFolder(out)
        #expect(snap.manifest["schema"] as? String == "meshcert.aws.snapshot.v1")
        #expect(snap.manifest["endpointURL"] as? String == world.endpoint)
        #expect(snap.manifest["regions"] as? [String] == ["eu-west-1", "global"])

        // Every call answered, but what moto does not implement (App Mesh virtual gateways and
        // virtual services): skipped, not failed.
        let skipped = snap.calls.filter { Self.status($0) == "skipped" }
        #expect(Set(skipped.compactMap { $0["operation"] as? String }) == ["list-virtual-gateways", "list-virtual-services"])
        #expect(skipped.allSatisfy { ($0["error"] as? [String: Any])?["code"] as? String == "not_implemented" })
        #expect(snap.calls.filter { Self.status($0) == "failed" }.isEmpty)
        for call in snap.calls where Self.status(call) == "ok" {
            let file = try #require(call["file"] as? String)
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file)")
        }
        // The expected calls, with the contract's keys.
        let expected: [(String, String, Int)] = [
            ("appmesh", "list-meshes", 1), ("appmesh", "describe-mesh", 1), ("appmesh", "describe-virtual-node", 4),
            ("appmesh", "describe-virtual-router", 1), ("appmesh", "describe-route", 1),
            ("acm-pca", "list-certificate-authorities", 1), ("acm-pca", "get-certificate-authority-certificate", 3),
            ("acm", "list-certificates", 1), ("acm", "describe-certificate", 2), ("acm", "get-certificate", 2),
            ("ecs", "list-clusters", 1), ("ecs", "describe-clusters", 1), ("ecs", "list-services", 2),
            ("ecs", "describe-services", 2), ("ecs", "describe-task-definition", 7),
            ("servicediscovery", "list-namespaces", 1), ("servicediscovery", "list-services", 1),
            ("route53", "get-hosted-zone", 1), ("route53", "list-resource-record-sets", 1),
            ("elbv2", "describe-load-balancers", 1), ("elbv2", "describe-target-groups", 1),
            ("elbv2", "describe-listeners", 1), ("elbv2", "describe-rules", 1),
        ]
        for (service, operation, count) in expected {
            let calls = snap.calls(service, operation)
            #expect(calls.count == count && calls.allSatisfy { Self.status($0) == "ok" }, "\(service) \(operation): \(calls)")
        }
        #expect(snap.calls("route53", "list-resource-record-sets").first?["region"] as? String == "global")
        #expect(snap.calls("route53", "list-resource-record-sets").first?["key"] as? String == zone)
        let pcas = world.info["privateCAs"] as? [String: String] ?? [:]
        #expect(Set(snap.calls("acm-pca", "get-certificate-authority-certificate").compactMap { $0["key"] as? String }) == Set(pcas.values))

        // The fields moto drops and the world patches in arrive as the real API gives them.
        let services = try snap.calls("ecs", "describe-services").flatMap { try snap.output($0)["services"] as? [[String: Any]] ?? [] }
        let frontendGreen = try #require(services.first { ($0["clusterArn"] as? String)?.hasSuffix("/green") == true && $0["serviceName"] as? String == "frontend" })
        let primary = try #require((frontendGreen["deployments"] as? [[String: Any]])?.first { $0["status"] as? String == "PRIMARY" })
        let connect = try #require(primary["serviceConnectConfiguration"] as? [String: Any])
        let tls = ((connect["services"] as? [[String: Any]])?.first?["tls"] as? [String: Any])?["issuerCertificateAuthority"] as? [String: Any]
        #expect(tls?["awsPcaAuthorityArn"] as? String == pcas["short_lived"])
        #expect((frontendGreen["loadBalancers"] as? [[String: Any]])?.count == 1)
        let authorities = try snap.output(try #require(snap.calls("acm-pca", "list-certificate-authorities").first))["CertificateAuthorities"] as? [[String: Any]] ?? []
        #expect(Set(authorities.compactMap { $0["UsageMode"] as? String }) == ["GENERAL_PURPOSE", "SHORT_LIVED_CERTIFICATE"])
        #expect(authorities.allSatisfy { $0["NotAfter"] != nil })
        let definitions = try snap.calls("ecs", "describe-task-definition").map { try snap.output($0)["taskDefinition"] as? [String: Any] ?? [:] }
        #expect(definitions.filter { ($0["proxyConfiguration"] as? [String: Any])?["type"] as? String == "APPMESH" }.count == 4)
        let records = try snap.output(try #require(snap.calls("route53", "list-resource-record-sets").first))["ResourceRecordSets"] as? [[String: Any]] ?? []
        #expect(records.compactMap { $0["Weight"] as? Int }.sorted() == [1, 3])
        let rules = try snap.output(try #require(snap.calls("elbv2", "describe-rules").first))["Rules"] as? [[String: Any]] ?? []
        let weighted = rules.filter { (($0["Actions"] as? [[String: Any]])?.first?["ForwardConfig"] as? [String: Any]) != nil }
        #expect(weighted.count == 2, "the default rule and the /api/* rule forward to weighted target groups")

        // The App Mesh part is what `meshcert mesh scan` reads.
        let scan = try MeshcertBinary.run(["mesh", "scan", out.appendingPathComponent("eu-west-1/appmesh").path, "--format", "json"])
        #expect(scan.status == 0, "\(scan.stderr)")
        let doc = try scan.json()
        #expect(Set((doc["nodes"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }) == ["frontend", "users", "stock", "stock-v2"])
        #expect((doc["errors"] as? [Any])?.isEmpty == true)

        // No secret in the snapshot: the set-up's secret check over the folder.
        let secrets = MeshMotoEndToEndTests.sh("Scripts/check-secrets.sh '\(out.path)'")
        #expect(secrets.status == 0, "\(secrets.output)")
        #expect(!snap.calls.contains { ["export-certificate", "get-secret-value"].contains($0["operation"] as? String ?? "") })
        Self.keepForSecretCheck(out)

        // An empty region: every listing answers, empty.
        let empty = AWSSnapshotFolder.temporary()
        defer { try? FileManager.default.removeItem(at: empty) }
        let emptyRun = try world.snapshot(["--region", "us-east-2", "--timeout", "300"], out: empty)
        #expect(emptyRun.status == 0, "\(emptyRun.stdout)\n\(emptyRun.stderr)")
        let emptySnap = try AWSSnapshotFolder(empty)
        // The 8 first calls of a region (route53 is not read without --hosted-zone), and no more.
        #expect(emptySnap.calls.allSatisfy { Self.status($0) == "ok" } && emptySnap.calls.count == 8, "\(emptySnap.calls)")
        #expect((try emptySnap.output(try #require(emptySnap.calls("ecs", "list-clusters").first)))["clusterArns"] as? [String] == [])

        // Every JSON answer the world gave fits botocore's output shapes, and none of the fields
        // the world patches in is one the model lacks (the aws CLI would drop it silently).
        let report = try #require(world.stop())
        #expect(report.shapeProblems.isEmpty, "\(report.shapeProblems)")
        let patched = ["ecs.DescribeServices", "ecs.DescribeClusters", "ecs.DescribeTaskDefinition", "acm-pca.ListCertificateAuthorities", "acm.DescribeCertificate"]
        #expect(report.droppedFields.filter { field in patched.contains { field.hasPrefix($0 + ".") } }.isEmpty, "\(report.droppedFields)")
    }

    @Test(.enabled(if: AWSSnapshotWorld.runnable, AWSSnapshotWorld.skipReason))
    func accessDeniedAndThrottlingAreRetriedOrReportedAndTheRestIsRead() throws {
        // acm refuses everything; the first 2 ListServices calls are throttled (retried, then
        // answered); DescribeClusters stays throttled (reported after the retries).
        let world = try AWSSnapshotWorld(["--world", "test", "--deny", "acm", "--throttle", "ListServices=2",
                                          "--throttle", "DescribeClusters=1000"])
        defer { world.stop() }
        let out = AWSSnapshotFolder.temporary()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try world.snapshot(["--region", "eu-west-1", "--service", "acm", "--service", "acm-pca", "--service", "ecs",
                                      "--throttle-retries", "3", "--timeout", "300"], out: out)
        #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stderr.contains("failed: eu-west-1 acm list-certificates: AccessDeniedException: User: "), "\(run.stderr)")
        #expect(run.stderr.contains("failed: eu-west-1 ecs describe-clusters: ThrottlingException: still throttled after 4 attempts"), "\(run.stderr)")
        #expect(run.stdout.contains("acm               0 ok, 1 failed, 0 skipped"), "\(run.stdout)")
        let snap = try AWSSnapshotFolder(out)
        let denied = try #require(snap.calls("acm", "list-certificates").first)
        #expect(Self.status(denied) == "failed" && denied["file"] is NSNull)
        #expect((denied["error"] as? [String: Any])?["code"] as? String == "AccessDeniedException")
        // The other services were still read in full.
        #expect(snap.calls("acm-pca", "get-certificate-authority-certificate").count == 3)
        #expect(snap.calls("acm-pca", "get-certificate-authority-certificate").allSatisfy { Self.status($0) == "ok" })
        let listServices = snap.calls("ecs", "list-services")
        #expect(listServices.count == 2 && listServices.allSatisfy { Self.status($0) == "ok" })
        #expect(listServices.map { $0["attempts"] as? Int ?? 0 }.reduce(0, +) >= 3, "a throttled call is retried: \(listServices)")
        let describe = try #require(snap.calls("ecs", "describe-clusters").first)
        #expect(Self.status(describe) == "failed" && describe["attempts"] as? Int == 4)
        #expect(snap.calls("ecs", "describe-services").count == 2 && snap.calls("ecs", "describe-services").allSatisfy { Self.status($0) == "ok" })
        let summary = snap.manifest["summary"] as? [String: Int]
        #expect(summary?["failed"] == 2)
    }

    @Test(.enabled(if: AWSSnapshotWorld.runnable, AWSSnapshotWorld.skipReason))
    func listingsSpanningSeveralPagesAreReadInFull() throws {
        // 48 services over 2 clusters: ECS answers 10 ARNs a page, so 3 pages a cluster.
        let world = try AWSSnapshotWorld(["--world", "bench", "--services", "48"])
        let out = AWSSnapshotFolder.temporary()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try world.snapshot(["--region", "eu-west-1", "--service", "ecs", "--timeout", "300"], out: out)
        let report = world.stop()
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let snap = try AWSSnapshotFolder(out)
        var arns: [String] = []
        for call in snap.calls("ecs", "list-services") { arns += try snap.output(call)["serviceArns"] as? [String] ?? [] }
        #expect(arns.count == 48 && Set(arns).count == 48)
        #expect(snap.calls("ecs", "describe-services").count == 6, "batches of at most 10 per cluster")
        #expect(snap.calls("ecs", "describe-task-definition").count == 48)
        #expect(report?.requests["ecs.ListServices"] == 6, "the aws CLI followed nextToken: \(report?.requests ?? [:])")
    }

    @Test(.enabled(if: AWSSnapshotWorld.hasAWS, "skipped: needs the aws CLI"))
    func anUnreachableEndpointGivesUpWithinItsTimeouts() throws {
        // A listening socket that never answers: connections open, requests hang.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try #require(withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } } == 0)
        try #require(listen(fd, 64) == 0)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let endpoint = "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))"
        let out = AWSSnapshotFolder.temporary()
        defer { try? FileManager.default.removeItem(at: out) }
        let started = Date()
        let run = try MeshcertBinary.run(["aws", "snapshot", "--out", out.path, "--region", "eu-west-1", "--service", "ecs",
                                          "--service", "acm", "--timeout", "8", "--endpoint-url", endpoint],
                                         environment: ["AWS_ACCESS_KEY_ID": "meshcerttest", "AWS_SECRET_ACCESS_KEY": "meshcerttest",
                                                       "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"],
                                         timeout: 180)
        let elapsed = Date().timeIntervalSince(started)
        #expect(run.status == 2, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stderr.contains("nothing could be read"), "\(run.stderr)")
        #expect(elapsed < 60, "gave up after \(Int(elapsed)) s")
        let snap = try AWSSnapshotFolder(out)
        #expect(snap.calls.count == 2)
        let codes = Set(snap.calls.compactMap { ($0["error"] as? [String: Any])?["code"] as? String })
        #expect(codes.isSubset(of: ["timeout", "endpoint_unreachable"]) && !codes.isEmpty, "\(codes)")
    }

    @Test func withoutTheAWSCLIOnPathItExits2() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-no-aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let out = empty.appendingPathComponent("snap")
        let run = try MeshcertBinary.run(["aws", "snapshot", "--out", out.path, "--region", "eu-west-1"], environment: ["PATH": empty.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("the aws CLI (aws) was not found on PATH"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing is written when nothing can run")
    }

    @Test(.enabled(if: AWSSnapshotWorld.hasAWS, "skipped: needs the aws CLI"))
    func withoutARegionItExits2() throws {
        let out = AWSSnapshotFolder.temporary()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try MeshcertBinary.run(["aws", "snapshot", "--out", out.path],
                                         environment: ["AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"],
                                         launcher: ["/usr/bin/env", "-u", "AWS_REGION", "-u", "AWS_DEFAULT_REGION", "-u", "AWS_PROFILE"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no region: give --region"), "\(run.stderr)")
    }

    @Test(arguments: ["0", "65", "x"])
    func jobsOutOfRangeIsAUsageError(jobs: String) throws {
        let run = try MeshcertBinary.run(["aws", "snapshot", "--out", "/nonexistent/never", "--jobs", jobs])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--jobs"), "\(run.stderr)")
    }

    @Test(.enabled(if: AWSSnapshotWorld.hasAWS, "skipped: needs the aws CLI"))
    func aFolderWithOtherFilesIsRefused() throws {
        let dir = AWSSnapshotFolder.temporary()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("keep me".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        let run = try MeshcertBinary.run(["aws", "snapshot", "--out", dir.path, "--region", "eu-west-1"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("is not empty and holds no earlier snapshot"), "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("notes.txt").path))
    }
}
