import Foundation
import Testing

/// `meshcert mesh scan` on the input shapes of issue #14 (Tests/Fixtures/appmesh): nodes,
/// listeners, findings and exit codes of the real binary.
@Suite struct MeshInputsEndToEndTests {
    static let root = "Tests/Fixtures/appmesh/"

    static func nodes(_ doc: [String: Any]) -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for n in doc["nodes"] as? [[String: Any]] ?? [] { out[n["name"] as? String ?? ""] = n }
        return out
    }

    static func codes(_ node: [String: Any]?) -> [String] {
        (node?["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }

    @Test func cloudFormationTemplates() throws {
        let run = try MeshcertBinary.run(["mesh", "scan", Self.root + "cloudformation", "--format", "json", "--fail-on", "blocker"])
        #expect(run.status == 1, "\(run.stderr)")  // the weighted route
        let doc = try run.json()
        let files = try #require(doc["files"] as? [String: Any])
        #expect(files["read"] as? Int == 3 && files["skipped"] as? Int == 1)
        #expect((files["skippedBy"] as? [String: Any])?["cloudFormationWithoutAppMesh"] as? Int == 1)
        let nodes = Self.nodes(doc)
        #expect(nodes.keys.sorted() == ["colorapp-gateway-vn", "colorteller-vn", "payments", "staged-vn", "stock-blue", "stock-green"])
        let teller = try #require(nodes["colorteller-vn"])
        let listener = try #require((teller["listeners"] as? [[String: Any]])?.first)
        #expect(listener["port"] as? Int == 9080 && listener["tlsMode"] as? String == "STRICT")
        #expect(listener["certificateSource"] as? String == "acm" && listener["certificateArn"] as? String == "!ImportValue AppMeshCert")
        #expect(Self.codes(teller) == ["general_purpose_ca"])
        #expect(Self.codes(nodes["payments"]) == ["shared_mesh", "file_or_sds_certificate"])
        #expect(nodes["payments"]?["shared"] as? Bool == true && nodes["payments"]?["meshOwner"] as? String == "444455556666")
        #expect((nodes["staged-vn"]?["notes"] as? [String])?.count == 1)
        let route = try #require((doc["routes"] as? [[String: Any]])?.first)
        #expect(Self.codes(route) == ["weighted_routing"] && route["match"] as? [String] == [])
    }

    @Test func matchRoutingFailsTheGate() throws {
        let run = try MeshcertBinary.run(["mesh", "scan", Self.root + "match-routing", "--fail-on", "blocker"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("blocker howto-k8s-http-headers/color-router/color-route-red match_routing: route color-route-red on router color-router sends header color_header to red"))
        #expect(run.stdout.contains("(all)                   2      0         2       1         2         2     0/2"))
    }

    @Test func requestFilesConflictAndASpecWithoutANameIsAnError() throws {
        let run = try MeshcertBinary.run(["mesh", "scan", Self.root + "requests", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")  // no --fail-on: errors are reported, the exit code stays
        let doc = try run.json()
        let users = try #require(Self.nodes(doc)["users"])
        #expect(users["mtlsServer"] as? Bool == true)
        #expect(Self.codes(users) == ["mtls_server", "conflicting_definitions", "file_or_sds_certificate"])
        let errors = try #require(doc["errors"] as? [[String: Any]])
        #expect(errors.count == 1 && errors.first?["field"] as? String == "virtualNodeName")
        #expect(run.stderr.contains("1 App Mesh file(s) could not be read in full"))
    }

    /// The gate that passed with five mTLS blockers silently dropped: now it fails, and says why.
    @Test func anUnreadableAppMeshFileFailsTheGate() throws {
        let run = try MeshcertBinary.run(["mesh", "scan", Self.root + "unfilled-variable", "--fail-on", "blocker"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("virtual-node.json: (json): not valid JSON: line 6, column 52: unexpected character"))
        #expect(run.stderr.contains("failing (--fail-on blocker): 1 App Mesh resource(s) could not be read and may hide a blocker"))
        #expect(run.stdout.contains("Files: 2 App Mesh (1 error(s): not read in full), 0 skipped"))
        let broken = try MeshcertBinary.run(["mesh", "scan", Self.root + "broken-document", "--fail-on", "blocker", "--format", "csv"])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("document 2 (VirtualNode beta): not valid YAML: line 27, column 6"))
    }

    @Test func namespacesChooseTheMesh() throws {
        let run = try MeshcertBinary.run(["mesh", "scan", Self.root + "namespaces", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let nodes = Self.nodes(try run.json())
        #expect(nodes["front"]?["mesh"] as? String == "blue-mesh")
        #expect(nodes["colour"]?["mesh"] as? String == "(unresolved)")
        #expect(Self.codes(nodes["colour"]).contains("unresolved_mesh"))
    }

    @Test func skippedFilesSayWhy() throws {
        let run = try MeshcertBinary.run(["mesh", "scan", Self.root + "script"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Files: 1 App Mesh, 2 skipped (1 script, 1 other file)"))
        let none = try MeshcertBinary.run(["mesh", "scan", Self.root + "script/deploy.sh", Self.root + "cloudformation/vpc.yaml"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("2 file(s) skipped: 1 CloudFormation template without App Mesh resources, 1 script"))
    }
}
