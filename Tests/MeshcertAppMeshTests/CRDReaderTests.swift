import Foundation
import Testing
@testable import MeshcertAppMesh

@Suite struct CRDReaderTests {
    static let yaml = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: unrelated}
        ---
        apiVersion: appmesh.k8s.aws/v1beta2
        kind: Mesh
        metadata: {name: shop}
        spec:
          awsName: shop-prod
          meshOwner: "999988887777"
          egressFilter: {type: ALLOW_ALL}
        ---
        apiVersion: appmesh.k8s.aws/v1beta2
        kind: VirtualNode
        metadata: {name: frontend, namespace: shop}
        spec:
          awsName: frontend_shop
          meshRef: {name: shop}
          listeners:
            - portMapping: {port: 9000, protocol: http}
              tls:
                mode: PERMISSIVE
                certificate:
                  acm: {certificateARN: "arn:aws:acm:eu-west-1:1:certificate/c"}
          backends:
            - virtualService:
                virtualServiceRef: {name: users}
                clientPolicy:
                  tls:
                    validation:
                      trust:
                        acm:
                          certificateAuthorityARNs: ["arn:aws:acm-pca:eu-west-1:1:certificate-authority/p"]
            - virtualService:
                virtualServiceARN: arn:aws:appmesh:eu-west-1:1:mesh/shop/virtualService/stock.apps.local
        ---
        apiVersion: appmesh.k8s.aws/v1beta2
        kind: VirtualRouter
        metadata: {name: r}
        spec:
          meshRef: {name: shop}
          listeners: [{portMapping: {port: 80, protocol: http}}]
          routes:
            - name: split
              grpcRoute:
                action:
                  weightedTargets:
                    - {virtualNodeRef: {name: a}, weight: 50}
                    - {virtualNodeARN: "arn:aws:appmesh:eu-west-1:1:mesh/shop/virtualNode/b", weight: 50}
        """

    @Test func crdSpellingsAreRead() throws {
        let config = Fixtures.read(Self.yaml, file: "shop.yaml")
        #expect(config.errors.isEmpty)
        #expect(config.filesRead == 1)
        let mesh = try #require(config.meshes.first)
        #expect(mesh.name == "shop" && mesh.awsName == "shop-prod" && mesh.egressFilter == "ALLOW_ALL")
        let node = try #require(config.nodes.first)
        #expect(node.name == "frontend" && node.awsName == "frontend_shop" && node.mesh == "shop")
        #expect(node.listeners.first?.certificate == TLSCertificate(source: .acm, certificateArn: "arn:aws:acm:eu-west-1:1:certificate/c"))
        #expect(node.backends == ["users", "stock.apps.local"])
        #expect(node.trustedCertificateAuthorityArns == ["arn:aws:acm-pca:eu-west-1:1:certificate-authority/p"])
        // The Mesh resource names another account as owner: the mesh is shared.
        #expect(node.meshOwner == "999988887777" && node.shared)
        let route = try #require(config.routes.first)
        #expect(route.router == "r" && route.name == "split" && route.routeType == "grpcRoute")
        #expect(route.weightedTargets.map(\.virtualNode) == ["a", "b"])
    }

    @Test func resourceWithoutMeshRefJoinsTheOnlyMesh() throws {
        let config = Fixtures.read("""
            apiVersion: appmesh.k8s.aws/v1beta2
            kind: VirtualNode
            metadata: {name: lonely}
            spec:
              listeners: [{portMapping: {port: 80, protocol: http}}]
            ---
            apiVersion: appmesh.k8s.aws/v1beta2
            kind: Mesh
            metadata: {name: only}
            spec: {}
            """)
        #expect(config.nodes.first?.mesh == "only")
        #expect(config.nodes.first?.shared == false)
    }

    @Test func malformedResourceNamesDocumentAndField() throws {
        let config = Fixtures.read("""
            apiVersion: appmesh.k8s.aws/v1beta2
            kind: VirtualNode
            metadata: {name: ok}
            spec: {meshRef: {name: m}}
            ---
            apiVersion: appmesh.k8s.aws/v1beta2
            kind: VirtualNode
            metadata: {name: broken}
            spec:
              meshRef: {name: m}
              listeners:
                - portMapping: {port: 8080, protocol: http}
                  tls: {mode: SOMETIMES, certificate: {sds: {secretName: s}}}
            """, file: "k.yaml")
        #expect(config.nodes.map(\.name) == ["ok"])
        let error = try #require(config.errors.first)
        #expect(error.file == "k.yaml")
        #expect(error.field == "document 2 (VirtualNode broken).spec.listeners[0].tls.mode")
        #expect(error.message.contains("SOMETIMES"))
    }

    @Test func invalidYAMLWithAppMeshResourcesIsAnError() throws {
        let config = Fixtures.read("apiVersion: appmesh.k8s.aws/v1beta2\nkind: [VirtualNode\n", file: "bad.yaml")
        #expect(config.filesRead == 1)
        #expect(config.errors.first?.field == "(yaml)")
        // Each document is read on its own: the error names it (its kind where it can be read).
        #expect(config.errors.first?.message.hasPrefix("document 1: not valid YAML") == true)
    }

    @Test func olderAPIVersionIsNamed() throws {
        let config = Fixtures.read("""
            apiVersion: appmesh.k8s.aws/v1beta1
            kind: VirtualNode
            metadata: {name: old}
            spec: {meshName: m}
            """)
        #expect(config.errors.first?.field == "document 1 (VirtualNode old).apiVersion")
    }

    @Test func otherYAMLIsSkipped() {
        let config = Fixtures.read("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n")
        #expect(config.filesRead == 0 && config.filesSkipped == 1)
    }

    @Test func kubectlJSONListIsRead() {
        let config = Fixtures.read("""
            {"apiVersion": "v1", "kind": "List", "items": [
              {"apiVersion": "appmesh.k8s.aws/v1beta2", "kind": "VirtualNode", "metadata": {"name": "a"},
               "spec": {"meshRef": {"name": "m"}, "serviceDiscovery": {"dns": {"hostname": "a.local"}}}}]}
            """)
        #expect(config.nodes.first?.serviceDiscovery?.hostname == "a.local")
    }

    @Test func demoExportAndDemoCRDsDescribeTheSameMesh() throws {
        let aws = AppMeshLoader.load(paths: [Fixtures.demoAWS])
        let k8s = AppMeshLoader.load(paths: [Fixtures.demoK8s])
        #expect(aws.errors.isEmpty && k8s.errors.isEmpty)
        #expect(aws.nodes.count == 5 && k8s.nodes.count == 5)
        for (a, k) in zip(aws.nodes, k8s.nodes) {
            #expect(a.name == k.name && a.kind == k.kind && a.mesh == k.mesh)
            #expect(a.listeners == k.listeners, "\(a.name) listeners")
            #expect(a.clientPolicies.map(\.certificate) == k.clientPolicies.map(\.certificate), "\(a.name)")
            #expect(a.trustedCertificateAuthorityArns == k.trustedCertificateAuthorityArns)
            #expect(a.serviceDiscovery == k.serviceDiscovery)
        }
        #expect(aws.routes.map(\.weightedTargets) == k8s.routes.map(\.weightedTargets))
        // Both together: each node once, with both files as sources.
        let both = AppMeshLoader.load(paths: [Fixtures.demoAWS, Fixtures.demoK8s])
        #expect(both.nodes.count == 5)
        #expect(both.nodes.allSatisfy { $0.sources.count == 2 })
    }
}

@Suite struct YAMLErrorSecrecyTests {
    @Test func yamlErrorsNameThePositionButNeverQuoteTheFile() throws {
        let config = Fixtures.read("""
            apiVersion: appmesh.k8s.aws/v1beta2
            kind: Secret
            data:
              password: c3VwZXItc2VjcmV0
              token: [c3VwZXItc2VjcmV0
            """, file: "s.yaml")
        let error = try #require(config.errors.first)
        #expect(error.message.hasPrefix("document 1 (Secret): not valid YAML: line "))
        #expect(!error.message.contains("c3VwZXItc2VjcmV0"))
    }
}
