import Foundation
import Testing
@testable import MeshcertAppMesh
import MeshcertSupport

@Suite struct ServiceConnectPlanTests {
    static let options = ServiceConnectPlanOptions(pcaArn: "arn:aws:acm-pca:eu-west-1:1:certificate-authority/p")

    func plans(_ texts: String...) -> [ServiceConnectPlan] {
        var contents: [FileContents] = []
        for (i, text) in texts.enumerated() {
            var out = FileContents()
            out.file = "f\(i)"
            AppMeshLoader.read(data: Data(text.utf8), file: out.file, into: &out)
            contents.append(out)
        }
        return ServiceConnectPlanner.plan(MeshAnalyzer.analyze(AppMeshLoader.merge(contents)), options: Self.options)
    }

    @Test func timeoutsRoundUpAndTCPHasNoPerRequestTimeout() throws {
        let plan = try #require(plans(Fixtures.virtualNode("a", spec: """
            {"listeners": [{"portMapping": {"port": 5432, "protocol": "tcp"},
               "timeout": {"tcp": {"idle": {"unit": "ms", "value": 1500}}}}],
             "serviceDiscovery": {"awsCloudMap": {"namespaceName": "ns", "serviceName": "db"}}}
            """)).first)
        let service = try #require(plan.configuration["services"]?.arrayValue?.first)
        #expect(service["timeout"]?["idleTimeoutSeconds"]?.intValue == 2)
        #expect(service["timeout"]?["perRequestTimeoutSeconds"] == nil)
        #expect(service["portName"]?.stringValue == "tcp-5432")
        #expect(service["clientAliases"]?.arrayValue?.first?["dnsName"]?.stringValue == "db.ns")
        #expect(plan.notes.contains { $0.contains("1500 ms rounded up to 2 s") })
        #expect(plan.ready)
    }

    @Test func clientOnlyNodeHasNoServices() throws {
        let plan = try #require(plans(Fixtures.virtualNode("client", spec: "{}")).first)
        #expect(plan.configuration["services"] == nil)
        #expect(plan.configuration["namespace"]?.stringValue == "m")
    }

    @Test func virtualServiceNameIsTheClientAlias() throws {
        let node = Fixtures.virtualNode("users", mesh: "shop", spec: """
            {"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}}],
             "serviceDiscovery": {"awsCloudMap": {"namespaceName": "apps.local", "serviceName": "users"}}}
            """)
        let service = #"{"virtualService": {"meshName": "shop", "virtualServiceName": "users.example.com", "spec": {"provider": {"virtualNode": {"virtualNodeName": "users"}}}}}"#
        let plan = try #require(plans(node, service).first)
        #expect(plan.configuration["services"]?.arrayValue?.first?["clientAliases"]?.arrayValue?.first?["dnsName"]?.stringValue
                == "users.example.com")
    }

    @Test func blockersStayBesideThePlan() throws {
        let plan = try #require(plans(Fixtures.virtualNode("a", spec: """
            {"listeners": [{"portMapping": {"port": 80, "protocol": "http"}, "tls": {"mode": "STRICT",
               "certificate": {"sds": {"secretName": "s"}}, "validation": {"trust": {"sds": {"secretName": "ca"}}}}}]}
            """)).first)
        #expect(plan.blockers.map(\.code) == ["mtls_server"])
        #expect(!plan.ready)
        #expect(plan.configuration["services"]?.arrayValue?.count == 1)
    }
}
