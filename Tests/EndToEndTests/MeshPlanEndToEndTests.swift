import Foundation
import Testing

/// `meshcert mesh plan` end to end, and its output checked against botocore's own ECS model.
@Suite struct MeshPlanEndToEndTests {
    static let pca = "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/short-lived-1"

    /// Validates each file against botocore's `ServiceConnectConfiguration` shape (ecs 2014-11-13)
    /// with botocore's ParamValidator: unknown keys, missing required keys and wrong types fail.
    static let validator = """
        import json, sys
        import botocore.session
        from botocore.validate import ParamValidator
        shape = botocore.session.get_session().get_service_model('ecs').shape_for('ServiceConnectConfiguration')
        bad = 0
        for path in sys.argv[1:]:
            report = ParamValidator().validate(json.load(open(path)), shape)
            if report.has_errors():
                bad += 1
                print(path + ": " + report.generate_report())
        print("validated %d file(s), %d invalid" % (len(sys.argv) - 1, bad))
        sys.exit(1 if bad else 0)
        """

    static func python(_ args: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try MeshcertBinary.launch(p)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func outFilesMatchTheBotocoreShape() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-plan-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try MeshcertBinary.run(["mesh", "plan", "Certs/appmesh", "--pca-arn", Self.pca,
                                          "--kms-key", "arn:aws:kms:eu-west-1:111122223333:key/k1",
                                          "--role-arn", "arn:aws:iam::111122223333:role/sc-tls", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let files = ["frontend", "stock", "stock-v2", "users"].map { out.appendingPathComponent("shop/\($0).json").path }
        for file in files { #expect(FileManager.default.fileExists(atPath: file), "\(file)") }

        let check = try Self.python(["-c", "import botocore"])
        try #require(check.status == 0, "python3 with botocore is needed to check the ECS shape (Scripts/test.sh installs it): \(check.output)")
        let validation = try Self.python(["-c", Self.validator] + files)
        #expect(validation.status == 0, "\(validation.output)")
        #expect(validation.output.contains("validated 4 file(s), 0 invalid"))

        // Exactly the serviceConnectConfiguration object, with the values the plan promises.
        let users = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: files[3]))) as? [String: Any])
        #expect(Set(users.keys) == ["enabled", "namespace", "services"])
        #expect(users["enabled"] as? Bool == true && users["namespace"] as? String == "apps.local")
        let service = try #require((users["services"] as? [[String: Any]])?.first)
        #expect(service["portName"] as? String == "http-8080" && service["discoveryName"] as? String == "users")
        let alias = try #require((service["clientAliases"] as? [[String: Any]])?.first)
        #expect(alias["port"] as? Int == 8080 && alias["dnsName"] as? String == "users.apps.local")
        #expect((service["timeout"] as? [String: Any])?["perRequestTimeoutSeconds"] as? Int == 5)
        let tls = try #require(service["tls"] as? [String: Any])
        #expect((tls["issuerCertificateAuthority"] as? [String: Any])?["awsPcaAuthorityArn"] as? String == Self.pca)
        #expect(tls["kmsKey"] as? String == "arn:aws:kms:eu-west-1:111122223333:key/k1")
        #expect(tls["roleArn"] as? String == "arn:aws:iam::111122223333:role/sc-tls")

        // Blockers beside the plan, never dropped.
        let summary = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any])
        #expect(summary["schema"] as? String == "meshcert.mesh.plan.v1")
        let plans = try #require(summary["plans"] as? [[String: Any]])
        let usersPlan = try #require(plans.first { $0["node"] as? String == "users" })
        #expect(usersPlan["file"] as? String == "shop/users.json")
        #expect((usersPlan["blockers"] as? [[String: Any]])?.map { $0["code"] as? String } == ["mtls_server"])
        let stockPlan = try #require(plans.first { $0["node"] as? String == "stock" })
        #expect((stockPlan["blockers"] as? [[String: Any]])?.map { $0["code"] as? String } == ["weighted_routing"])
    }

    @Test func stdoutPlanEmbedsConfigurations() throws {
        let run = try MeshcertBinary.run(["mesh", "plan", "Certs/appmesh/k8s", "--pca-arn", Self.pca])
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try run.json()
        let plans = try #require(doc["plans"] as? [[String: Any]])
        #expect(plans.count == 4)
        let frontend = try #require(plans.first { $0["node"] as? String == "frontend" })
        let config = try #require(frontend["serviceConnectConfiguration"] as? [String: Any])
        let service = try #require((config["services"] as? [[String: Any]])?.first)
        #expect(service["timeout"] as? [String: Int] == ["idleTimeoutSeconds": 300, "perRequestTimeoutSeconds": 15])
        #expect((service["tls"] as? [String: Any])?.keys.sorted() == ["issuerCertificateAuthority"])
        #expect((doc["virtualGateways"] as? [[String: Any]])?.first?["name"] as? String == "shop-gateway")
    }

    @Test func badPCAArnIsAUsageError() throws {
        let run = try MeshcertBinary.run(["mesh", "plan", "Certs/appmesh", "--pca-arn", "not-an-arn"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--pca-arn"))
    }
}
