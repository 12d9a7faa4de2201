import Foundation
import Testing
@testable import MeshcertAppMesh

/// CloudFormation templates (issue #14, item 1): Tests/Fixtures/appmesh/cloudformation.
@Suite struct CloudFormationReaderTests {
    static func load(_ name: String) -> AppMeshConfiguration {
        AppMeshLoader.load(paths: [Fixtures.repoRoot.appendingPathComponent("Tests/Fixtures/appmesh/cloudformation/\(name)").path])
    }

    @Test func yamlShortTagsResolveFromDefaultsMappingsAndGetAtt() throws {
        let config = Self.load("colorapp-tls.yaml")
        #expect(config.errors.isEmpty, "\(config.errors)")
        #expect(config.filesRead == 1)
        #expect(config.meshes.map(\.name) == ["colorapp"])
        #expect(config.meshes.first?.egressFilter == "DROP_ALL")
        #expect(config.nodes.map(\.name) == ["colorapp-gateway-vn", "colorteller-vn", "staged-vn"])
        #expect(config.nodes.allSatisfy { $0.mesh == "colorapp" })

        let teller = try #require(config.nodes.first { $0.name == "colorteller-vn" })
        let listener = try #require(teller.listeners.first)
        #expect(listener.port == 9080)  // !FindInMap
        #expect(listener.tlsMode == "STRICT")
        #expect(listener.certificate?.source == .acm)
        // Known only at deployment: shown as written, never guessed.
        #expect(listener.certificate?.certificateArn == "!ImportValue AppMeshCert")
        // !If on a condition the defaults settle (EnableMTLS "false"): no validation.
        #expect(listener.validation == nil)
        #expect(teller.notes.isEmpty)
        #expect(teller.serviceDiscovery == ServiceDiscovery(kind: .cloudMap, namespace: "colorapp.local", service: "colorteller"))

        let gateway = try #require(config.nodes.first { $0.name == "colorapp-gateway-vn" })  // !Sub
        #expect(gateway.listeners.first?.port == 8080)  // a Number parameter's string default
        #expect(gateway.listeners.first?.tlsMode == nil)
        #expect(gateway.backends == ["colorteller.colorapp.local"])  // !Join
        #expect(gateway.trustedCertificateAuthorityArns == ["arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/pca-1"])
        #expect(gateway.clientPolicies.first?.enforce == true)
        #expect(gateway.serviceDiscovery?.hostname == "colorgateway.colorapp.local")

        // The service's provider comes from !GetAtt ColorTellerNode.VirtualNodeName.
        #expect(config.virtualServices.first?.name == "colorteller.colorapp.local")
        #expect(config.virtualServices.first?.providerNode == "colorteller-vn")
    }

    @Test func anUnsettledConditionReportsTheStricterBranchWithANote() throws {
        let config = Self.load("colorapp-tls.yaml")
        let staged = try #require(config.nodes.first { $0.name == "staged-vn" })
        #expect(staged.listeners.first?.tlsMode == "STRICT")
        #expect(staged.listeners.first?.certificate?.certificateChain == "/certs/staged.pem")
        #expect(staged.notes.count == 1)
        #expect(staged.notes.first?.hasPrefix("condition IsProd cannot be evaluated from parameter defaults") == true)
        let result = MeshAnalyzer.analyze(config)
        let doc = MeshDocument(result)
        #expect(doc.nodes.first { $0.name == "staged-vn" }?.notes == staged.notes)
        let teller = try #require(result.nodes.first { $0.node.name == "colorteller-vn" })
        #expect(teller.findings.map(\.code) == [MeshFindingCode.generalPurposeCA])
        #expect(teller.findings.first?.message.contains("!ImportValue AppMeshCert") == true)
    }

    @Test func jsonTemplateWithAWeightedRoute() throws {
        let config = Self.load("weighted-route.json")
        #expect(config.errors.isEmpty, "\(config.errors)")
        #expect(config.nodes.map(\.name) == ["stock-blue", "stock-green"])
        #expect(config.virtualRouters == ["shop/stock-router"])
        let route = try #require(config.routes.first)
        #expect(route.router == "stock-router" && route.name == "stock-route" && route.routeType == "httpRoute")
        #expect(route.weightedTargets == [WeightedTarget(virtualNode: "stock-blue", weight: 90), WeightedTarget(virtualNode: "stock-green", weight: 10)])
        #expect(route.match.isEmpty)  // prefix "/" is everything
        let result = MeshAnalyzer.analyze(config)
        #expect(result.routes.first?.findings.map(\.code) == [MeshFindingCode.weightedRouting])
        #expect(result.nodes.allSatisfy { $0.weightedRouteTarget && !$0.ready })
        #expect(result.nodes.first { $0.node.name == "stock-blue" }?.node.listeners.first?.tlsMode == "PERMISSIVE")
        #expect(result.failsGate(.blocker))
    }

    @Test func meshOwnerMeansASharedMesh() throws {
        let config = Self.load("shared-mesh.yaml")
        let node = try #require(config.nodes.first)
        #expect(node.mesh == "central" && node.name == "payments")
        #expect(node.meshOwner == "444455556666" && node.shared)
        #expect(node.listeners.first?.certificate == TLSCertificate(source: .sds, secretName: "payments-cert"))
        let codes = MeshAnalyzer.analyze(config).nodes[0].findings.map(\.code)
        #expect(codes == [MeshFindingCode.sharedMesh, MeshFindingCode.fileOrSDSCertificate])
    }

    @Test func aTemplateWithoutAppMeshIsSkippedAndSaysWhy() {
        let config = Self.load("vpc.yaml")
        #expect(config.filesRead == 0 && config.filesSkipped == 1)
        #expect(config.skippedBy.cloudFormation == 1)
        #expect(config.skippedBy.description == "1 CloudFormation template without App Mesh resources")
    }

    @Test func intrinsicsLeftOpaqueAreWrittenAsTheTemplateWroteThem() {
        let yaml = CloudFormationResolver(template: [:], syntax: .yaml)
        let json = CloudFormationResolver(template: [:], syntax: .json)
        let importValue = DocValue.object(["Fn::ImportValue": .string("AppMeshCert")])
        #expect(yaml.written(importValue) == "!ImportValue AppMeshCert")
        #expect(json.written(importValue) == "{\"Fn::ImportValue\": \"AppMeshCert\"}")
        #expect(yaml.written(.object(["Fn::GetAtt": .array([.string("Cert"), .string("Arn")])])) == "!GetAtt Cert.Arn")
        var resolver = CloudFormationResolver(template: [:], syntax: .yaml)
        #expect(resolver.resolve(.object(["Fn::Sub": .string("${AWS::StackName}-mesh")])) == .string("!Sub ${AWS::StackName}-mesh"))
        #expect(resolver.resolve(.object(["Ref": .string("AWS::Region")])) == .string("!Ref AWS::Region"))
    }

    @Test func conditionsAndSelectEvaluate() {
        let template: [String: DocValue] = [
            "Parameters": .object(["Env": .object(["Type": .string("String"), "Default": .string("prod")])]),
            "Conditions": .object([
                "IsProd": .object(["Fn::Equals": .array([.object(["Ref": .string("Env")]), .string("prod")])]),
                "NotProd": .object(["Fn::Not": .array([.object(["Condition": .string("IsProd")])])]),
                "Either": .object(["Fn::Or": .array([.object(["Condition": .string("NotProd")]), .object(["Condition": .string("IsProd")])])]),
            ]),
        ]
        var r = CloudFormationResolver(template: template, syntax: .json)
        #expect(r.evaluate(condition: "IsProd") == true)
        #expect(r.evaluate(condition: "NotProd") == false)
        #expect(r.evaluate(condition: "Either") == true)
        #expect(r.evaluate(condition: "Missing") == nil)
        #expect(r.resolve(.object(["Fn::Select": .array([.string("1"), .array([.string("a"), .string("b")])])])) == .string("b"))
        #expect(r.resolve(.object(["Fn::If": .array([.string("IsProd"), .string("STRICT"), .string("DISABLED")])])) == .string("STRICT"))
        #expect(r.notes.isEmpty)
    }

    @Test func everyTableNameIsCapitalisedAndMapsToTheAPIName() {
        for (cfn, api) in CloudFormationNames.apiName {
            #expect(cfn.first?.isUppercase == true, "\(cfn)")
            #expect(api.first?.isLowercase == true, "\(api)")
        }
        #expect(CloudFormationNames.api(.object(["TLS": .object(["Mode": .string("STRICT")]), "PortMapping": .object(["Port": .string("80")])]))
                == .object(["tls": .object(["mode": .string("STRICT")]), "portMapping": .object(["port": .int(80)])]))
    }

    /// Hostile templates: self-references and cyclic conditions end, as opaque values.
    @Test func cyclesEndAsOpaqueValues() throws {
        let config = Fixtures.read("""
            AWSTemplateFormatVersion: "2010-09-09"
            Conditions:
              A: !Equals [!If [B, x, y], x]
              B: !Not [!Condition A]
            Resources:
              Node:
                Type: AWS::AppMesh::VirtualNode
                Properties:
                  MeshName: !GetAtt Node.MeshName
                  VirtualNodeName: !Sub "${Node.VirtualNodeName}"
                  Spec:
                    Listeners:
                      - PortMapping: {Port: 8080, Protocol: http}
                        TLS: !If [A, {Mode: STRICT, Certificate: {SDS: {SecretName: s}}}, !Ref AWS::NoValue]
            """, file: "cycle.yaml")
        #expect(config.filesRead == 1)
        let node = try #require(config.nodes.first)
        #expect(node.mesh.hasPrefix("!GetAtt Node.MeshName"))
        #expect(node.listeners.first?.tlsMode == "STRICT")
        #expect(node.notes.count >= 1)
    }

    @Test func aBrokenTemplateIsAnErrorWithItsPosition() throws {
        let config = Fixtures.read("Resources:\n  N:\n    Type: AWS::AppMesh::VirtualNode\n    Properties: [\n", file: "t.yaml")
        #expect(config.filesRead == 1)
        let error = try #require(config.errors.first)
        #expect(error.field == "(yaml)" && error.line != nil && error.message.contains("not valid YAML: line"))
    }

    @Test func aMissingMeshNameIsNamedByItsCloudFormationPath() throws {
        let config = Fixtures.read("""
            {"Resources": {"N": {"Type": "AWS::AppMesh::VirtualNode", "Properties": {"Spec": {}}}}}
            """, file: "t.json")
        let error = try #require(config.errors.first)
        #expect(error.field == "Resources.N.Properties.MeshName" && error.message == "missing")
    }

    /// References that fan out (each property joining two references to the next) end quickly.
    @Test func fanningReferencesEndQuickly() throws {
        var conditions = "", properties = ""
        for i in 0..<40 {
            conditions += "  C\(i): !Or [!Condition C\(i + 1), !Condition C\(i + 1), !Condition C\(i + 1)]\n"
            properties += "      P\(i): !Join [\",\", [!GetAtt N.P\(i + 1), !GetAtt N.P\(i + 1), !If [C0, a, b]]]\n"
        }
        let config = Fixtures.read("""
            AWSTemplateFormatVersion: "2010-09-09"
            Conditions:
            \(conditions)Resources:
              N:
                Type: AWS::AppMesh::VirtualNode
                Properties:
                  MeshName: !GetAtt N.P0
                  VirtualNodeName: n
            \(properties)      Spec: {}
            """, file: "fan.yaml")
        #expect(config.nodes.count == 1)
    }

    @Test func errorsNameTheFieldInTheTemplatesOwnSpelling() throws {
        let config = Fixtures.read("""
            Resources:
              N:
                Type: AWS::AppMesh::VirtualNode
                Properties:
                  MeshName: m
                  Spec:
                    Listeners:
                      - PortMapping: {Port: 8080, Protocol: http}
                        TLS: {Mode: SOMETIMES, Certificate: {SDS: {SecretName: s}}}
            """, file: "t.yaml")
        let error = try #require(config.errors.first)
        #expect(error.field == "Resources.N.Properties.Spec.Listeners[0].TLS.Mode")
        #expect(error.message.contains("SOMETIMES"))
        #expect(CloudFormationNames.cloudFormationName.count == CloudFormationNames.apiName.count)  // one-to-one
    }
}
