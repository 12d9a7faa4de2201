import Foundation
import Testing

/// `meshcert mesh` end to end: the real binary on the committed demo export (Certs/appmesh).
@Suite struct MeshEndToEndTests {
    @Test func scanTableShowsNodesFindingsAndSummary() throws {
        let run = try MeshcertBinary.run(["mesh", "scan", "Certs/appmesh"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("shop  node     users"))
        #expect(run.stdout.contains("blocker shop/users mtls_server"))
        #expect(run.stdout.contains("blocker shop/frontend mtls_client"))
        #expect(run.stdout.contains("blocker shop/stock-router/stock-route weighted_routing"))
        #expect(run.stdout.contains("warning shop/shop-gateway virtual_gateway"))
        #expect(run.stdout.contains("(all)  4      1         1       3"))
        #expect(run.stdout.contains("Files: 15 App Mesh, 0 skipped"))
    }

    @Test func scanJSONFollowsTheSchema() throws {
        let run = try MeshcertBinary.run(["mesh", "scan", "Certs/appmesh", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try run.json()
        #expect(doc["schema"] as? String == "meshcert.mesh.v1")
        let nodes = try #require(doc["nodes"] as? [[String: Any]])
        #expect(nodes.count == 5)
        for node in nodes {
            for key in ["mesh", "name", "kind", "meshOwner", "resourceOwner", "shared", "serviceDiscovery", "listeners",
                        "clientPolicies", "mtlsServer", "mtlsClient", "trustedCertificateAuthorityArns", "findings"] {
                #expect(node.keys.contains(key), "node field \(key)")
            }
        }
        let users = try #require(nodes.first { $0["name"] as? String == "users" })
        #expect(users["kind"] as? String == "virtualNode")
        #expect(users["mtlsServer"] as? Bool == true && users["mtlsClient"] as? Bool == false)
        let sd = try #require(users["serviceDiscovery"] as? [String: Any])
        #expect(sd["namespace"] as? String == "apps.local" && sd["service"] as? String == "users")
        #expect(sd.keys.contains("hostname"))
        let listener = try #require((users["listeners"] as? [[String: Any]])?.first)
        #expect(listener["port"] as? Int == 8080 && listener["protocol"] as? String == "http")
        #expect(listener["tlsMode"] as? String == "STRICT" && listener["certificateSource"] as? String == "file")
        let findings = try #require(users["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["code"] as? String == "mtls_server" && $0["severity"] as? String == "blocker"
                                    && ($0["message"] as? String)?.isEmpty == false })
        let gateway = try #require(nodes.first { $0["kind"] as? String == "virtualGateway" })
        #expect(gateway["name"] as? String == "shop-gateway")
        let frontend = try #require(nodes.first { $0["name"] as? String == "frontend" })
        #expect((frontend["trustedCertificateAuthorityArns"] as? [String])?.count == 1)

        let route = try #require((doc["routes"] as? [[String: Any]])?.first)
        #expect(route["mesh"] as? String == "shop" && route["router"] as? String == "stock-router" && route["name"] as? String == "stock-route")
        let targets = try #require(route["weightedTargets"] as? [[String: Any]])
        #expect(targets.map { $0["virtualNode"] as? String } == ["stock", "stock-v2"])
        #expect(targets.map { $0["weight"] as? Int } == [90, 10])
        #expect((route["findings"] as? [[String: Any]])?.first?["code"] as? String == "weighted_routing")

        let cas = try #require(doc["certificateAuthorities"] as? [[String: Any]])
        #expect(cas.first?["referencedBy"] as? [String] == ["shop/frontend"])
        let summary = try #require(doc["summary"] as? [String: Any])
        let overall = try #require(summary["overall"] as? [String: Any])
        #expect(overall["nodes"] as? Int == 4 && overall["blockers"] as? Int == 3 && overall["readyServices"] as? Int == 0)
        let cost = try #require(summary["privateCACost"] as? [String: Any])
        #expect((cost["generalPurpose"] as? [String: Any])?["caMonthlyUSD"] as? Double == 400)
        #expect((cost["shortLived"] as? [String: Any])?["caMonthlyUSD"] as? Double == 50)
    }

    @Test func scanCSVHasOneRowPerFinding() throws {
        let run = try MeshcertBinary.run(["mesh", "scan", "Certs/appmesh/k8s", "--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.first == "mesh,kind,name,mtlsServer,mtlsClient,ready,code,severity,message,fix")
        #expect(lines.contains { $0.hasPrefix("shop,virtualNode,users,true,false,false,mtls_server,blocker,") })
        #expect(lines.contains { $0.hasPrefix("shop,route,stock-router/stock-route,,,,weighted_routing,blocker,") })
        #expect(lines.contains { $0.hasPrefix("shop,virtualGateway,shop-gateway,false,false,,virtual_gateway,warning,") })
    }

    @Test func failOnAndNothingUsable() throws {
        let fail = try MeshcertBinary.run(["mesh", "scan", "Certs/appmesh", "--fail-on", "blocker", "--format", "json"])
        #expect(fail.status == 1)
        let nothing = try MeshcertBinary.run(["mesh", "scan", "Certs/pki"])
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("no App Mesh configuration found"))
        let usage = try MeshcertBinary.run(["mesh", "scan", "Certs/appmesh", "--format", "xml"])
        #expect(usage.status == 2)
        let missing = try MeshcertBinary.run(["mesh", "scan", "Certs/appmesh", "no/such/export"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no/such/export: no such file or folder"))
    }

    @Test func malformedFileIsReportedAndOthersStillRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"virtualNode": {"meshName": "m", "virtualNodeName": "bad", "spec": {"listeners": [{"portMapping": {"port": 80}}]}}}"#.utf8)
            .write(to: dir.appendingPathComponent("bad.json"))
        let run = try MeshcertBinary.run(["mesh", "scan", "Certs/appmesh/k8s", dir.path, "--format", "json"])
        #expect(run.status == 0)
        let doc = try run.json()
        #expect((doc["nodes"] as? [Any])?.count == 5)
        let error = try #require((doc["errors"] as? [[String: Any]])?.first)
        #expect(error["file"] as? String == dir.appendingPathComponent("bad.json").path)
        #expect(error["field"] as? String == "virtualNode.spec.listeners[0].portMapping.protocol")
        #expect(run.stderr.contains("could not be read"))
    }

    @Test func certsLinkConfiguredPathsToTheInventory() throws {
        let run = try MeshcertBinary.run(["mesh", "scan", "Certs/appmesh", "--certs", "Certs/pki",
                                          "--at", "2027-08-01T00:00:00Z", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try run.json()
        #expect(doc["evaluatedAt"] as? String == "2027-08-01T00:00:00Z")
        let nodes = try #require(doc["nodes"] as? [[String: Any]])
        let users = try #require(nodes.first { $0["name"] as? String == "users" })
        let certificates = try #require(users["certificates"] as? [[String: Any]])
        let presented = try #require(certificates.first { $0["role"] as? String == "presented" })
        #expect(presented["configuredPath"] as? String == "/etc/envoy/certs/users.pem")
        #expect(presented["file"] as? String == "Certs/pki/users.pem")
        #expect(presented["notAfter"] as? String == "2027-07-01T00:00:00Z")
        #expect(presented["usageMode"] as? String == "GENERAL_PURPOSE")
        #expect(certificates.contains { $0["role"] as? String == "trusted" && $0["file"] as? String == "Certs/pki/ca-bundle.pem" })
        // 2027-08-01 is past the demo certificates' notAfter: the scan's finding is carried over.
        let findings = try #require(users["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["code"] as? String == "expired" && ($0["message"] as? String)?.contains("Certs/pki/users.pem") == true })
        #expect(!findings.contains { $0["code"] as? String == "certificate_file_missing" })

        let table = try MeshcertBinary.run(["mesh", "scan", "Certs/appmesh", "--certs", "Certs/pki/users.pem", "--at", "2026-12-02T00:00:00Z"])
        #expect(table.stdout.contains("/etc/envoy/certs/users.pem            Certs/pki/users.pem"))
        #expect(table.stdout.contains("certificate_file_missing: /etc/envoy/certs/ca-bundle.pem"))
        let missing = try MeshcertBinary.run(["mesh", "scan", "Certs/appmesh", "--certs", "/no/such/dir"])
        #expect(missing.status == 2 && missing.stderr.contains("/no/such/dir"))
    }
}
