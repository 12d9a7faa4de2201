import Foundation
import Testing
@testable import MeshcertAppMesh

@Suite struct AWSExportReaderTests {
    @Test func describeVirtualNodeWithMotoTimestampsIsRead() throws {
        let spec = """
            {"listeners": [{"portMapping": {"port": 8080, "protocol": "http"},
               "tls": {"mode": "STRICT",
                       "certificate": {"file": {"certificateChain": "/etc/envoy/certs/users.pem", "privateKey": "/etc/envoy/certs/users.key"}},
                       "validation": {"trust": {"file": {"certificateChain": "/etc/envoy/certs/ca-bundle.pem"}},
                                      "subjectAlternativeNames": {"match": {"exact": ["frontend.apps.local"]}}}},
               "timeout": {"http": {"idle": {"unit": "s", "value": 300}, "perRequest": {"unit": "ms", "value": 15000}}}}],
             "serviceDiscovery": {"awsCloudMap": {"namespaceName": "apps.local", "serviceName": "users", "attributes": []}},
             "backendDefaults": {"clientPolicy": {"tls": {"enforce": false, "ports": [8080],
                 "certificate": {"sds": {"secretName": "client"}},
                 "validation": {"trust": {"acm": {"certificateAuthorityArns": ["arn:aws:acm-pca:eu-west-1:1:certificate-authority/a"]}}}}}},
             "backends": [{"virtualService": {"virtualServiceName": "stock.apps.local"}}]}
            """
        let config = Fixtures.read(Fixtures.virtualNode("users", mesh: "shop", spec: spec))
        #expect(config.errors.isEmpty)
        let node = try #require(config.nodes.first)
        #expect(node.mesh == "shop" && node.name == "users" && node.kind == .virtualNode)
        #expect(node.serviceDiscovery == ServiceDiscovery(kind: .cloudMap, namespace: "apps.local", service: "users"))
        let listener = try #require(node.listeners.first)
        #expect(listener.port == 8080 && listener.protocolName == "http" && listener.tlsMode == "STRICT")
        #expect(listener.certificate == TLSCertificate(source: .file, certificateChain: "/etc/envoy/certs/users.pem",
                                                       privateKey: "/etc/envoy/certs/users.key"))
        #expect(listener.validation?.trustSource == .file)
        #expect(listener.validation?.subjectAlternativeNames == ["frontend.apps.local"])
        #expect(listener.timeout == ListenerTimeout(idleMilliseconds: 300_000, perRequestMilliseconds: 15_000))
        let policy = try #require(node.clientPolicies.first)
        #expect(policy.backend == nil && policy.enforce == false && policy.ports == [8080])
        #expect(policy.certificate?.secretName == "client")
        #expect(node.trustedCertificateAuthorityArns == ["arn:aws:acm-pca:eu-west-1:1:certificate-authority/a"])
        #expect(node.backends == ["stock.apps.local"])
        #expect(node.mtlsServer && node.mtlsClient && !node.shared)
    }

    @Test func ownersFromMetadataMarkSharedMeshes() {
        let config = Fixtures.read(Fixtures.virtualNode("a", spec: "{}", meshOwner: "111111111111", resourceOwner: "222222222222"))
        #expect(config.nodes.first?.shared == true)
        #expect(config.nodes.first?.meshOwner == "111111111111")
        #expect(config.nodes.first?.resourceOwner == "222222222222")
    }

    @Test func routeWithWeightedTargetsIsRead() throws {
        let config = Fixtures.read("""
            {"route": {"meshName": "shop", "virtualRouterName": "r", "routeName": "rt", "metadata": {"createdAt": 1.5},
              "spec": {"tcpRoute": {"action": {"weightedTargets": [{"virtualNode": "a", "weight": 1, "port": 80}, {"virtualNode": "b", "weight": 0}]}}}}}
            """)
        let route = try #require(config.routes.first)
        #expect(route.routeType == "tcpRoute")
        #expect(route.weightedTargets == [WeightedTarget(virtualNode: "a", weight: 1, port: 80), WeightedTarget(virtualNode: "b", weight: 0)])
    }

    @Test func listedButNotDescribedNodesAreErrorEntries() throws {
        let config = Fixtures.read("""
            {"virtualNodes": [{"meshName": "shop", "virtualNodeName": "ghost", "createdAt": "27/11/2026, 07:20:44"}]}
            """, file: "list.json")
        #expect(config.filesRead == 1)
        let error = try #require(config.errors.first)
        #expect(error.file == "list.json" && error.field == "virtualNodes[0]")
        #expect(error.message.contains("shop/ghost"))
    }

    @Test func malformedFieldIsNamed() throws {
        let spec = #"{"listeners": [{"portMapping": {"port": "8080", "protocol": "http"}}]}"#
        let config = Fixtures.read(Fixtures.virtualNode("a", spec: spec), file: "a.json")
        #expect(config.nodes.isEmpty)
        let error = try #require(config.errors.first)
        #expect(error.file == "a.json")
        #expect(error.field == "virtualNode.spec.listeners[0].portMapping.port")
        #expect(error.message.contains("expected an integer"))
    }

    @Test func certificateWithTwoSourcesIsAnError() throws {
        let spec = """
            {"listeners": [{"portMapping": {"port": 1, "protocol": "tcp"}, "tls": {"mode": "STRICT",
              "certificate": {"acm": {"certificateArn": "x"}, "sds": {"secretName": "y"}}}}]}
            """
        let error = try #require(Fixtures.read(Fixtures.virtualNode("a", spec: spec)).errors.first)
        #expect(error.field == "virtualNode.spec.listeners[0].tls.certificate")
        #expect(error.message == "more than one of acm, file, sds")
    }

    /// A misspelt TLS key is an error naming it, not a listener that silently lost its client
    /// certificate validation (ready for Service Connect on paper, mTLS in the mesh).
    @Test(arguments: [
        (#"{"listeners": [{"portMapping": {"port": 1, "protocol": "http"}, "tls": {"mode": "STRICT", "certificate": {"file": {"certificateChain": "c", "privateKey": "k"}}, "validaton": {"trust": {"file": {"certificateChain": "t"}}}}}]}"#,
         "virtualNode.spec.listeners[0].tls.validaton"),
        (#"{"listeners": [{"portMapping": {"port": 1, "protocol": "http"}, "tls": {"mode": "STRICT", "certificate": {"fiel": {"certificateChain": "c", "privateKey": "k"}}}}]}"#,
         "virtualNode.spec.listeners[0].tls.certificate.fiel"),
        (#"{"backendDefaults": {"clientPolicy": {"tls": {"enforced": true, "validation": {"trust": {"file": {"certificateChain": "t"}}}}}}}"#,
         "virtualNode.spec.backendDefaults.clientPolicy.tls.enforced"),
        (#"{"backendDefaults": {"clientPolicy": {"tls": {"validation": {"trust": {"file": {"certificateChain": "t"}}, "subjectAltNames": {}}}}}}"#,
         "virtualNode.spec.backendDefaults.clientPolicy.tls.validation.subjectAltNames"),
    ])
    func misspeltTLSKeysAreNamed(spec: String, field: String) throws {
        let error = try #require(Fixtures.read(Fixtures.virtualNode("a", spec: spec)).errors.first)
        #expect(error.field == field)
        #expect(error.message.hasPrefix("unknown key"))
    }

    @Test func otherJSONIsSkippedAndBrokenAppMeshJSONIsAnError() throws {
        let other = Fixtures.read(#"{"name": "left-pad", "mesh": "not app mesh"}"#)
        #expect(other.filesRead == 0 && other.filesSkipped == 1 && other.errors.isEmpty)
        let broken = Fixtures.read(#"{"virtualNode": {"meshName": "m", "virtualNodeName": "a", "spec": {"#, file: "cut.json")
        #expect(broken.filesRead == 1)
        #expect(broken.errors.first?.file == "cut.json")
        #expect(broken.errors.first?.message.hasPrefix("not valid JSON") == true)
    }

    @Test func loaderReadsFoldersRecursivelyAndKeepsGoingAfterErrors() throws {
        let dir = try TempFolder()
        defer { dir.cleanup() }
        try dir.write("a/b/good.txt", Fixtures.virtualNode("good", spec: "{}"))
        try dir.write("bad.json", Fixtures.virtualNode("bad", spec: #"{"listeners": 5}"#))
        try dir.write("notes.md", "# not configuration\n")
        let config = AppMeshLoader.load(paths: [dir.path])
        #expect(config.nodes.map(\.name) == ["good"])
        #expect(config.filesRead == 2 && config.filesSkipped == 1)
        #expect(config.errors.count == 1)
        #expect(config.errors.first?.file == dir.path + "/bad.json")
        #expect(config.errors.first?.field == "virtualNode.spec.listeners")
    }

    @Test func missingInputIsAnError() {
        let config = AppMeshLoader.load(paths: ["/no/such/folder"])
        #expect(config.errors.first?.file == "/no/such/folder")
        #expect(config.filesRead == 0)
    }
}
