import Testing
@testable import MeshcertAppMesh

/// One test per finding code: the rule fires on the shape it is about, with the contract's severity,
/// and stays quiet on a plain STRICT node.
@Suite struct MeshRulesTests {
    static let plain = Fixtures.node("""
        {"listeners": [{"portMapping": {"port": 8080, "protocol": "http"},
           "tls": {"mode": "STRICT", "certificate": {"acm": {"certificateArn": "arn:aws:acm:eu-west-1:1:certificate/c"}}}}],
         "serviceDiscovery": {"awsCloudMap": {"namespaceName": "ns", "serviceName": "s"}}}
        """)

    func codes(_ node: MeshNode) -> [String: MeshSeverity] {
        Dictionary(MeshRules.nodeFindings(node, costNote: "").map { ($0.code, $0.severity) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func plainStrictACMNodeOnlyHasTheCAFinding() {
        #expect(codes(Self.plain) == ["general_purpose_ca": .warning])
    }

    @Test func mtlsServerIsABlocker() throws {
        let node = Fixtures.node("""
            {"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}, "tls": {"mode": "STRICT",
               "certificate": {"sds": {"secretName": "s"}},
               "validation": {"trust": {"sds": {"secretName": "ca"}}}}}]}
            """)
        #expect(codes(node)["mtls_server"] == .blocker)
        let f = try #require(MeshRules.mtlsServer(node).first)
        #expect(f.message.contains("listener 8080") && f.message.contains("sds secret ca"))
    }

    @Test func mtlsClientIsABlocker() throws {
        let node = Fixtures.node("""
            {"backends": [{"virtualService": {"virtualServiceName": "users", "clientPolicy": {"tls": {
               "certificate": {"file": {"certificateChain": "/c.pem", "privateKey": "/c.key"}},
               "validation": {"trust": {"file": {"certificateChain": "/ca.pem"}}}}}}}]}
            """)
        #expect(codes(node)["mtls_client"] == .blocker)
        #expect(MeshRules.mtlsClient(node).first?.message.contains("backend users") == true)
        #expect(!MeshRules.mtlsClient(Self.plain).isEmpty == false)
    }

    @Test func weightedRoutingIsABlockerOnlyWithMoreThanOneTarget() {
        let split = MeshRoute(mesh: "m", router: "r", name: "x", routeType: "httpRoute",
                              weightedTargets: [WeightedTarget(virtualNode: "a", weight: 90), WeightedTarget(virtualNode: "b", weight: 10)])
        #expect(MeshRules.routeFindings(split).map(\.code) == ["weighted_routing"])
        #expect(MeshRules.routeFindings(split).first?.severity == .blocker)
        var single = split
        single.weightedTargets.removeLast()
        #expect(MeshRules.routeFindings(single).isEmpty)
    }

    @Test func sharedMeshIsAWarning() {
        let node = Fixtures.node("{}", meshOwner: "111111111111", resourceOwner: "222222222222")
        #expect(codes(node)["shared_mesh"] == .warning)
        #expect(codes(Self.plain)["shared_mesh"] == nil)
    }

    @Test func permissiveTLSIsAWarning() {
        let node = Fixtures.node("""
            {"listeners": [{"portMapping": {"port": 80, "protocol": "http"}, "tls": {"mode": "PERMISSIVE",
               "certificate": {"sds": {"secretName": "s"}}}}]}
            """)
        #expect(codes(node)["permissive_tls"] == .warning)
        #expect(codes(node)["no_tls"] == nil)
    }

    @Test func noTLSIsInfoForNodesWithOnlyPlaintextListeners() {
        let disabled = Fixtures.node("""
            {"listeners": [{"portMapping": {"port": 80, "protocol": "http"}, "tls": {"mode": "DISABLED"}},
                           {"portMapping": {"port": 81, "protocol": "tcp"}}]}
            """)
        #expect(codes(disabled)["no_tls"] == .info)
        // A node without listeners only calls others: nothing to encrypt on its side.
        #expect(codes(Fixtures.node("{}"))["no_tls"] == nil)
    }

    @Test func fileOrSDSCertificateIsInfo() {
        let node = Fixtures.node("{\"listeners\": [{\"portMapping\": {\"port\": 80, \"protocol\": \"http\"}, \"tls\": \(Fixtures.strictFile)}]}")
        #expect(codes(node)["file_or_sds_certificate"] == .info)
        #expect(codes(Self.plain)["file_or_sds_certificate"] == nil)
    }

    @Test func generalPurposeCAQuotesTheCostOfBothModes() throws {
        let config = Fixtures.read(Fixtures.virtualNode("n", spec: """
            {"backendDefaults": {"clientPolicy": {"tls": {"validation": {"trust": {"acm": {
               "certificateAuthorityArns": ["arn:aws:acm-pca:eu-west-1:1:certificate-authority/p"]}}}}}}}
            """))
        let result = MeshAnalyzer.analyze(config)
        let f = try #require(result.nodes.first?.findings.first { $0.code == "general_purpose_ca" })
        #expect(f.severity == .warning)
        #expect(f.message.contains("certificate-authority/p"))
        #expect(f.fix.contains("$400.00") && f.fix.contains("$50.00"))
        #expect(result.certificateAuthorities == [CertificateAuthorityReference(
            arn: "arn:aws:acm-pca:eu-west-1:1:certificate-authority/p", referencedBy: ["m/n"])])
    }

    @Test func dnsServiceDiscoveryIsAWarning() {
        let node = Fixtures.node(#"{"serviceDiscovery": {"dns": {"hostname": "a.internal"}}}"#)
        #expect(codes(node)["dns_service_discovery"] == .warning)
        #expect(codes(Self.plain)["dns_service_discovery"] == nil)
    }

    @Test func virtualGatewayIsAWarning() {
        let gateway = Fixtures.node(#"{"listeners": [{"portMapping": {"port": 443, "protocol": "http"}}]}"#, kind: "virtualGateway")
        #expect(gateway.kind == .virtualGateway)
        #expect(codes(gateway)["virtual_gateway"] == .warning)
        #expect(codes(gateway)["no_tls"] == nil)
    }

    @Test func demoSummaryCountsReadyServices() throws {
        let result = MeshAnalyzer.analyze(AppMeshLoader.load(paths: [Fixtures.demoAWS]))
        #expect(result.overall.nodes == 4 && result.overall.virtualGateways == 1 && result.overall.routes == 1)
        // frontend (mTLS client), users (mTLS server), weighted route: 3 blockers;
        // stock and stock-v2 sit behind the weighted route, so no service is ready as it is.
        #expect(result.overall.blockers == 3)
        #expect(result.overall.readyServices == 0)
        #expect(result.meshes.map(\.mesh) == ["shop"])
        let stock = try #require(result.nodes.first { $0.node.name == "stock" })
        #expect(stock.blockers == 0 && stock.weightedRouteTarget)
    }
}
