import Foundation
import MeshcertInventory
import MeshcertRotation
import MeshcertSupport
import Testing
@testable import MeshcertAppMesh

/// meshcert.mesh.v1 and meshcert.mesh.plan.v1 as typed models, and the rotation fleet read from them.
@Suite struct MeshDocumentTests {
    static let at = Timestamp.parse("2026-12-02T00:00:00Z")!

    /// The demo exports (aws CLI and CRDs), alone and together, with and without --certs.
    static func results() throws -> [MeshScanResult] {
        let pki = Fixtures.repoRoot.appendingPathComponent("Certs/pki").path
        let linker = CertificateLinker(inventory: try InventoryScanner.scan(paths: [pki], options: ScanOptions(evaluatedAt: at)))
        let both = AppMeshLoader.load(paths: [Fixtures.demoAWS, Fixtures.demoK8s])
        return [MeshAnalyzer.analyze(AppMeshLoader.load(paths: [Fixtures.demoAWS])),
                MeshAnalyzer.analyze(AppMeshLoader.load(paths: [Fixtures.demoK8s]), tasksPerService: 3),
                MeshAnalyzer.analyze(both),
                MeshAnalyzer.analyze(both, certificates: linker)]
    }

    @Test func meshDocumentRoundTripsByteForByte() throws {
        for result in try Self.results() {
            let document = MeshDocument(result)
            let text = document.render()
            let decoded = try JSONValueDecoder().decode(MeshDocument.self, from: Array(text.utf8))
            #expect(decoded == document)
            #expect(decoded.render() == text)
            #expect(try JSONValueEncoder().encode(decoded).render() == text)
        }
        let linked = MeshDocument(try Self.results()[3])
        #expect(linked.evaluatedAt == Instant(Self.at))
        #expect(linked.nodes.contains { $0.certificates.contains { $0.notAfter != nil } })
    }

    @Test func directNodeAndRouteBuildersEqualTheCodableEncoding() throws {
        var nodes = 0, routes = 0
        for result in try Self.results() {
            let document = MeshDocument(result)
            for node in document.nodes {
                #expect(node.json().render() == (try JSONValueEncoder().encode(node)).render(), "\(node.name)")
                nodes += 1
            }
            for route in document.routes {
                #expect(route.json().render() == (try JSONValueEncoder().encode(route)).render(), "\(route.name)")
                routes += 1
            }
            #expect(document.json().render() == (try JSONValueEncoder().encode(document)).render())
        }
        #expect(nodes > 10 && routes > 0)
    }

    @Test func planDocumentRoundTripsByteForByte() throws {
        let options = [ServiceConnectPlanOptions(pcaArn: "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/sl-1"),
                       ServiceConnectPlanOptions(pcaArn: "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/sl-1",
                                                 kmsKey: "arn:aws:kms:eu-west-1:111122223333:key/k",
                                                 roleArn: "arn:aws:iam::111122223333:role/ecs-sc-tls")]
        for result in try Self.results() {
            for option in options {
                let plans = ServiceConnectPlanner.plan(result, options: option)
                let files = Dictionary(uniqueKeysWithValues: plans.indices.filter { $0 % 2 == 0 }.map { ($0, "mesh/plan-\($0).json") })
                for document in [MeshPlanDocument(plans, result: result, options: option),
                                 MeshPlanDocument(plans, result: result, options: option, files: files)] {
                    let text = document.render()
                    let decoded = try JSONValueDecoder().decode(MeshPlanDocument.self, from: Array(text.utf8))
                    #expect(decoded == document)
                    #expect(decoded.render() == text)
                    #expect(text == (try JSONValueEncoder().encode(document)).render())
                }
            }
        }
        let result = try Self.results()[2]
        let plans = ServiceConnectPlanner.plan(result, options: options[0])
        let withFiles = MeshPlanDocument(plans, result: result, options: options[0], files: [0: "shop/users.json"])
        #expect(withFiles.plans[0].file == "shop/users.json" && withFiles.plans[0].serviceConnectConfiguration == nil)
        #expect(!withFiles.render().contains("\"serviceConnectConfiguration\": null"))
        #expect(!withFiles.render().contains("\"file\": null"))
    }

    @Test func aRenamedFieldIsNamedWhenDecoding() throws {
        let text = MeshDocument(try Self.results()[0]).render()
        let renamed = text.replacingOccurrences(of: "\"backends\":", with: "\"calls\":", options: [], range: text.range(of: "\"backends\":"))
        do {
            _ = try JSONValueDecoder().decode(MeshDocument.self, from: Array(renamed.utf8))
            Issue.record("decoded a document without nodes[0].backends")
        } catch let error as DecodingError {
            #expect(error.fieldDescription.hasPrefix("nodes[0].backends:"), "\(error.fieldDescription)")
        }
        let plan = MeshPlanDocument(ServiceConnectPlanner.plan(try Self.results()[0], options: ServiceConnectPlanOptions(pcaArn: "arn:x")),
                                    result: try Self.results()[0], options: ServiceConnectPlanOptions(pcaArn: "arn:x")).render()
        let renamedPlan = plan.replacingOccurrences(of: "\"notes\":", with: "\"note\":", options: [], range: plan.range(of: "\"notes\":"))
        do {
            _ = try JSONValueDecoder().decode(MeshPlanDocument.self, from: Array(renamedPlan.utf8))
            Issue.record("decoded a plan without plans[0].notes")
        } catch let error as DecodingError {
            #expect(error.fieldDescription.hasPrefix("plans[0].notes:"), "\(error.fieldDescription)")
        }
    }

    @Test func rotationFleetFromTheDocumentMatchesTheExport() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let fromExport = try MeshRotationFleet.services(paths: [Fixtures.demoAWS], base: [], tasks: 2)
        #expect(fromExport.services.map(\.name) == ["frontend", "stock", "stock-v2", "users"])
        let text = MeshDocument(MeshAnalyzer.analyze(AppMeshLoader.load(paths: [Fixtures.demoAWS]))).render()
        let file = try folder.write("mesh.json", text)
        let fromDocument = try MeshRotationFleet.services(paths: [file], base: [], tasks: 2)
        #expect(fromDocument.services.map(\.name) == fromExport.services.map(\.name))
        #expect(MeshRotationFleet.fleetNodes(try JSONValueDecoder().decode(MeshDocument.self, from: Array(text.utf8)))
                == MeshRotationFleet.fleetNodes(AppMeshLoader.load(paths: [Fixtures.demoAWS])).nodes)

        // A mesh document that does not read is a failure naming the field, not an empty fleet.
        let broken = try folder.write("broken.json", text.replacingOccurrences(of: "\"kind\": \"virtualNode\"", with: "\"kind\": 7"))
        do throws(MeshRotationFleet.Failure) {
            _ = try MeshRotationFleet.services(paths: [broken], base: [], tasks: 1)
            Issue.record("read a broken mesh document")
        } catch {
            #expect(error.message.contains("nodes[0].kind:"), "\(error.message)")
        }
        do throws(MeshRotationFleet.Failure) {
            _ = try MeshRotationFleet.services(paths: [folder.path + "/none"], base: [], tasks: 1)
            Issue.record("built a fleet from nothing")
        } catch {
            #expect(error.message.hasSuffix("no App Mesh virtual node found"))
        }
    }
}
