import Foundation
import MeshcertSupport
import Testing
@testable import MeshcertAppMesh

/// The input shapes of issue #14 (items 2 to 9), each on its fixture in Tests/Fixtures/appmesh.
@Suite struct InputCasesTests {
    static func load(_ name: String) -> AppMeshConfiguration {
        AppMeshLoader.load(paths: [Fixtures.repoRoot.appendingPathComponent("Tests/Fixtures/appmesh/\(name)").path])
    }

    /// Item 2: a router sending a header match to one node and everything else to another.
    @Test func matchRoutingIsABlockerAndItsTargetsAreNotReady() throws {
        let result = MeshAnalyzer.analyze(Self.load("match-routing"))
        #expect(result.errors.isEmpty)
        let red = try #require(result.routes.first { $0.route.name == "color-route-red" })
        #expect(red.route.match == ["header color_header"])
        #expect(red.findings.map(\.code) == [MeshFindingCode.matchRouting])
        #expect(red.findings.first?.severity == .blocker)
        let fallback = try #require(result.routes.first { $0.route.name == "color-route-default" })
        #expect(fallback.route.match.isEmpty && fallback.findings.isEmpty)
        #expect(result.nodes.map(\.node.name) == ["blue", "red"])
        #expect(result.nodes.allSatisfy { $0.matchRouteTarget && !$0.ready })
        #expect(result.overall.readyServices == 0 && result.overall.blockers == 1)
        // No meshRef anywhere: the Namespace's labels put the router, its routes and the service in the mesh.
        #expect(result.configuration.virtualServices.first?.mesh == "howto-k8s-http-headers")
        let doc = MeshDocument(result)
        #expect(doc.routes.first { $0.name == "color-route-red" }?.match == ["header color_header"])
        #expect(doc.nodes.allSatisfy { $0.matchRouteTarget == true && !$0.ready })

        // The plan lists it among every target's blockers; no target takes the service's name.
        let plans = ServiceConnectPlanner.plan(result, options: ServiceConnectPlanOptions(pcaArn: "arn:aws:acm-pca:eu-west-1:1:certificate-authority/x"))
        #expect(plans.count == 2)
        for plan in plans {
            #expect(plan.blockers.map(\.code) == [MeshFindingCode.matchRouting], "\(plan.node)")
            #expect(plan.notes.contains { $0.contains("routed by match") }, "\(plan.notes)")
            #expect(!plan.ready)
        }
    }

    /// Item 3 and 5: request files; the plain and TLS variants of one node conflict.
    @Test func requestFilesAreReadAndDifferingDefinitionsConflict() throws {
        let config = Self.load("requests")
        #expect(config.filesRead == 4 && config.filesSkipped == 0)
        #expect(config.meshes.map(\.name) == ["orders"] && config.meshes.first?.egressFilter == "DROP_ALL")
        let node = try #require(config.nodes.first)
        #expect(config.nodes.count == 1)
        #expect(node.mesh == "orders" && node.name == "users")
        // The stricter definition (STRICT with validation) is reported, not the first file's.
        #expect(node.listeners.first?.tlsMode == "STRICT" && node.mtlsServer)
        #expect(node.sources.count == 2)
        #expect(node.conflicts.count == 1)
        let conflict = try #require(node.conflicts.first)
        #expect(conflict.contains("create-virtual-node-users.json") && conflict.contains("tls/update-virtual-node-users.json"))
        #expect(conflict.contains("listeners[0].tls.mode (none vs STRICT)"))
        let codes = MeshAnalyzer.analyze(config).nodes[0].findings.map(\.code)
        #expect(codes.contains(MeshFindingCode.conflictingDefinitions) && codes.contains(MeshFindingCode.mtlsServer))
        // A {spec}-only request is an error saying a name is missing, not a silent skip.
        let error = try #require(config.errors.first)
        #expect(config.errors.count == 1)
        #expect(error.file.hasSuffix("spec-only.json") && error.field == "virtualNodeName")
        #expect(error.message.contains("missing") && error.message.contains("meshName and virtualNodeName"))
    }

    @Test func identicalDefinitionsStillMergeQuietly() {
        let a = AppMeshLoader.load(paths: [Fixtures.demoAWS, Fixtures.demoK8s])
        #expect(a.nodes.allSatisfy { $0.conflicts.isEmpty })
    }

    /// Item 4: nodes without meshRef: the Namespace's labels pick the mesh; otherwise kept, with a warning.
    @Test func meshRefResolvesThroughNamespaceSelectorsAndNoNodeIsDropped() throws {
        let config = Self.load("namespaces")
        #expect(config.errors.isEmpty, "\(config.errors)")
        #expect(config.nodes.count == 2)
        let front = try #require(config.nodes.first { $0.name == "front" })
        #expect(front.mesh == "blue-mesh" && front.mtlsServer)
        let colour = try #require(config.nodes.first { $0.name == "colour" })
        #expect(colour.mesh == MeshNode.unresolvedMesh)
        let result = MeshAnalyzer.analyze(config)
        let finding = try #require(result.nodes.first { $0.node.name == "colour" }?.findings.first { $0.code == MeshFindingCode.unresolvedMesh })
        #expect(finding.severity == .warning && finding.message.contains("namespace unlabelled"))
        #expect(result.nodes.first { $0.node.name == "front" }?.findings.contains { $0.code == MeshFindingCode.mtlsServer } == true)
    }

    /// Item 6: the broken document in the middle is named; the ones around it are read.
    @Test func oneBrokenDocumentLosesOnlyItself() throws {
        let config = Self.load("broken-document")
        #expect(config.nodes.map(\.name) == ["alpha", "gamma"])
        #expect(config.nodes.first?.mtlsServer == true)
        let error = try #require(config.errors.first)
        #expect(config.errors.count == 1)
        #expect(error.line == 27 && error.column == 6)
        #expect(error.message.hasPrefix("document 2 (VirtualNode beta): not valid YAML: line 27, column 6: "))
        // The context line counts from the start of the file too (it counted from the document's).
        #expect(error.message.hasSuffix("(while parsing a block collection from line 26, column 5)"), "\(error.message)")
        #expect(MeshAnalyzer.analyze(config).failsGate(.blocker))
    }

    /// Item 7 and the skip message: scripts are skipped and counted, never parsed.
    @Test func scriptsAreSkippedAndCounted() {
        let config = Self.load("script")
        #expect(config.errors.isEmpty)
        #expect(config.filesRead == 1 && config.filesSkipped == 2)
        #expect(config.skippedBy.scripts == 1 && config.skippedBy.other == 1)
        #expect(config.skippedBy.description == "1 script, 1 other file")
        #expect(config.nodes.map(\.name) == ["app"])
    }

    /// Item 8 and 9: JSON errors name line and column; an unread App Mesh file fails the gate.
    @Test func unfilledVariableIsALineAndColumnAndFailsTheGate() throws {
        let config = Self.load("unfilled-variable")
        let error = try #require(config.errors.first)
        #expect(error.file.hasSuffix("virtual-node.json") && error.line == 6 && error.column == 52)
        #expect(error.message == "not valid JSON: line 6, column 52: unexpected character")
        let result = MeshAnalyzer.analyze(config)
        #expect(!result.hasFinding(atOrAbove: .blocker))
        #expect(result.failsGate(.blocker))
        let doc = MeshDocument(result)
        #expect(doc.errors.first?.line == 6 && doc.summary.overall.errors == 1)
        #expect(doc.json() == (try JSONValueEncoder().encode(doc)))
        let plan = MeshPlanDocument(ServiceConnectPlanner.plan(result, options: ServiceConnectPlanOptions(pcaArn: "arn:aws:acm-pca:eu-west-1:1:certificate-authority/x")),
                                    result: result, options: ServiceConnectPlanOptions(pcaArn: "arn:aws:acm-pca:eu-west-1:1:certificate-authority/x"))
        #expect(plan.json() == (try JSONValueEncoder().encode(plan)))
    }

    @Test func skipReasonsReadBack() throws {
        let config = Self.load("script")
        let doc = MeshDocument(MeshAnalyzer.analyze(config))
        #expect(doc.files.skippedBy?.scripts == 1)
        #expect(doc.json() == (try JSONValueEncoder().encode(doc)))
    }

    @Test func containsFindsNeedlesAnywhere() {
        let bytes = Array("kind: Namespace\nAWS::AppMesh::Mesh".utf8)
        #expect(InputFiles.contains(bytes, "kind: Namespace"))
        #expect(InputFiles.contains(bytes, "AWS::AppMesh::Mesh"))
        #expect(InputFiles.contains(bytes, "::"))
        #expect(!InputFiles.contains(bytes, "AWS::AppMesh::MeshX"))
        #expect(!InputFiles.contains(Array("AAB".utf8), "AB A"))
        #expect(InputFiles.contains(Array("AAB".utf8), "AB"))
        #expect(!InputFiles.contains([], "A"))
    }

    /// Item 5 for routes: a weighted second definition is the stricter one, and says so.
    @Test func differingRouteDefinitionsConflict() throws {
        let result = MeshAnalyzer.analyze(Self.load("route-conflict"))
        let route = try #require(result.routes.first)
        #expect(result.routes.count == 1 && route.route.sources.count == 2)
        #expect(route.route.weightedTargets.map(\.virtualNode) == ["stock", "stock-v2"])
        #expect(route.findings.map(\.code) == [MeshFindingCode.weightedRouting, MeshFindingCode.conflictingDefinitions])
        #expect(route.findings[1].message.contains("first difference: httpRoute.action.weightedTargets"))
    }
}
