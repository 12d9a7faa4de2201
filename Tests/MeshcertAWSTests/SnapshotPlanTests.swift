import MeshcertSupport
import Testing
@testable import MeshcertAWS

/// What each listing leads to: the calls, their keys (the contract both sides of
/// `meshcert aws` rely on) and their files, from real-shaped aws CLI outputs.
@Suite struct SnapshotPlanTests {
    let plan = SnapshotPlan(meshes: [], clusters: ["green"], hostedZones: ["Z123", "/hostedzone/Z456", "Shop.Example.com."])

    func json(_ text: String) throws -> JSON { try JSON.parse(Array(text.utf8)) }

    func root(_ service: SnapshotService) -> [SnapshotPlannedCall] {
        plan.roots(service, region: "eu-west-1", cliRegion: "eu-west-1")
    }

    /// The calls a listing's output leads to.
    func follow(_ call: SnapshotPlannedCall, _ output: String) throws -> [SnapshotPlannedCall] {
        let next = try #require(call.next, "\(call.operation) leads nowhere")
        return try next(try json(output))
    }

    @Test func ecsKeepsTheNamedClusterBatchesServicesAndDescribesEachTaskDefinitionOnce() throws {
        let listClusters = try #require(root(.ecs).first)
        #expect(listClusters.operation == "list-clusters" && listClusters.key == nil && listClusters.file == "eu-west-1/ecs/list-clusters.json")
        let green = "arn:aws:ecs:eu-west-1:123456789012:cluster/green"
        let next = try follow(listClusters, (#"{"clusterArns": ["arn:aws:ecs:eu-west-1:123456789012:cluster/blue", "\#(green)"]}"#))
        #expect(next.map(\.operation) == ["describe-clusters", "list-services"])
        #expect(next[0].arguments == ["--clusters", green] && next[0].key == nil)
        #expect(next[1].key == green && next[1].file == "eu-west-1/ecs/list-services/green.json")

        let arns = (1...23).map { "\"arn:aws:ecs:eu-west-1:123456789012:service/green/s\($0)\"" }.joined(separator: ",")
        let describes = try follow(next[1], (#"{"serviceArns": [\#(arns)]}"#))
        #expect(describes.count == 3 && describes.allSatisfy { $0.operation == "describe-services" && $0.key == green })
        #expect(describes.map { $0.arguments.count - 3 } == [10, 10, 3])
        #expect(describes.map(\.file) == (1...3).map { "eu-west-1/ecs/describe-services/green-\($0).json" })
        #expect(Set(describes.map(\.identity)).count == 3, "batches are distinct calls")

        let td = { (n: Int) in "arn:aws:ecs:eu-west-1:123456789012:task-definition/front:\(n)" }
        let definitions = try follow(describes[0], (#"""
            {"services": [{"taskDefinition": "\#(td(2))", "deployments": [{"status": "PRIMARY", "taskDefinition": "\#(td(2))"},
                                                                           {"status": "ACTIVE", "taskDefinition": "\#(td(3))"}]},
                          {"taskDefinition": "\#(td(2))"}], "failures": []}
            """#))
        #expect(definitions.map(\.key) == [td(2), td(3)])
        #expect(definitions.map(\.file) == ["eu-west-1/ecs/describe-task-definition/front_2.json", "eu-west-1/ecs/describe-task-definition/front_3.json"])
    }

    @Test func appMeshFollowsTheExportLayoutAndReadsASharedMeshWithItsOwner() throws {
        let list = try #require(root(.appmesh).first)
        #expect(list.file == "eu-west-1/appmesh/meshes.json")
        let calls = try follow(list, (#"""
            {"meshes": [{"meshName": "shop", "meshOwner": "111122223333", "resourceOwner": "444455556666", "arn": "a"}]}
            """#))
        #expect(calls.map(\.operation) == ["describe-mesh", "list-virtual-nodes", "list-virtual-gateways", "list-virtual-routers", "list-virtual-services"])
        #expect(calls.allSatisfy { $0.key == "shop" && $0.arguments.suffix(2) == ["--mesh-owner", "111122223333"] })
        #expect(calls[0].file == "eu-west-1/appmesh/shop/mesh.json")
        let routers = try follow(calls[3], (#"{"virtualRouters": [{"virtualRouterName": "stock-router"}]}"#))
        #expect(routers.map(\.file) == ["eu-west-1/appmesh/shop/virtual-routers/stock-router.json", "eu-west-1/appmesh/shop/routes/stock-router.json"])
        let routes = try follow(routers[1], (#"{"routes": [{"routeName": "stock-route"}]}"#))
        #expect(routes.first?.key == "shop/stock-router/stock-route")
        #expect(routes.first?.file == "eu-west-1/appmesh/shop/routes/stock-router/stock-route.json")
    }

    @Test func aNamedMeshTheListingLacksIsStillDescribed() throws {
        let named = SnapshotPlan(meshes: ["gone"], clusters: [], hostedZones: [])
        let list = try #require(named.roots(.appmesh, region: "eu-west-1", cliRegion: "eu-west-1").first)
        let calls = try follow(list, (#"{"meshes": [{"meshName": "shop"}]}"#))
        #expect(Set(calls.compactMap(\.key)) == ["gone"])
    }

    @Test func route53ReadsZonesByIdAndLooksUpZonesByName() throws {
        let calls = plan.roots(.route53, region: "global", cliRegion: "eu-west-1")
        #expect(calls.map(\.operation) == ["get-hosted-zone", "list-resource-record-sets", "get-hosted-zone", "list-resource-record-sets", "list-hosted-zones"])
        #expect(calls.prefix(4).map(\.key) == ["Z123", "Z123", "Z456", "Z456"])
        #expect(calls[1].file == "global/route53/list-resource-record-sets/Z123.json")
        let byName = try follow(calls[4], (#"""
            {"HostedZones": [{"Id": "/hostedzone/Z789", "Name": "shop.example.com."}, {"Id": "/hostedzone/Z000", "Name": "other.com."}]}
            """#))
        #expect(byName.map(\.key) == ["Z789", "Z789"])
    }

    @Test func onlyIssuedCertificatesAndCAsWithACertificateAreFetched() throws {
        let acm = try #require(root(.acm).first)
        #expect(acm.arguments == ["--includes", SnapshotPlan.acmKeyTypes])
        let certs = try follow(acm, (#"""
            {"CertificateSummaryList": [{"CertificateArn": "arn:aws:acm:eu-west-1:1:certificate/a", "Status": "ISSUED"},
                                        {"CertificateArn": "arn:aws:acm:eu-west-1:1:certificate/b", "Status": "PENDING_VALIDATION"}]}
            """#))
        #expect(certs.map(\.operation) == ["describe-certificate", "get-certificate", "describe-certificate"])
        let pca = try #require(root(.acmPCA).first)
        let cas = try follow(pca, (#"""
            {"CertificateAuthorities": [{"Arn": "arn:aws:acm-pca:eu-west-1:1:certificate-authority/x", "Status": "ACTIVE"},
                                        {"Arn": "arn:aws:acm-pca:eu-west-1:1:certificate-authority/y", "Status": "PENDING_CERTIFICATE"}]}
            """#))
        #expect(cas.map(\.key) == ["arn:aws:acm-pca:eu-west-1:1:certificate-authority/x"])
    }

    @Test func aListingWithoutTheNeededFieldIsAnError() throws {
        let list = try #require(root(.elbv2).first)
        #expect(throws: (any Error).self) { _ = try follow(list, #"{"LoadBalancers": [{"DNSName": "x"}]}"#) }
    }

    @Test func noOperationReturnsSecretMaterial() throws {
        var operations = Set<String>()
        for service in SnapshotService.allCases { operations.formUnion(plan.roots(service, region: "r", cliRegion: "r").map(\.operation)) }
        #expect(operations.allSatisfy { $0.hasPrefix("list-") || $0.hasPrefix("describe-") || $0.hasPrefix("get-") })
        #expect(!operations.contains("export-certificate") && !operations.contains("get-secret-value"))
    }
}
