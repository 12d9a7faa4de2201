import Foundation
import Testing

/// `trust_not_root_ca` and `wildcard_san_enforced` through the real binary: on the demo data
/// (whose trust bundle holds the intermediate) and on a generated mesh with a wildcard certificate.
@Suite struct MeshRulesEndToEndTests {
    static let at = "2026-12-02T00:00:00Z"

    static func findings(_ doc: [String: Any], node: String, code: String) -> [[String: Any]] {
        let nodes = (doc["nodes"] as? [[String: Any]]) ?? []
        let findings = (nodes.first { $0["name"] as? String == node }?["findings"] as? [[String: Any]]) ?? []
        return findings.filter { $0["code"] as? String == code }
    }

    @Test func demoTrustBundleWithTheIntermediateIsFlagged() throws {
        for export in ["Certs/appmesh/aws", "Certs/appmesh/k8s"] {
            let run = try MeshcertBinary.run(["mesh", "scan", export, "--certs", "Certs/pki", "--at", Self.at, "--format", "json"])
            #expect(run.status == 0, "\(run.stderr)")
            let doc = try run.json()
            // users (listener validation), frontend (client policy to users) and the gateway (backendDefaults).
            for node in ["users", "frontend", "shop-gateway"] {
                let found = Self.findings(doc, node: node, code: "trust_not_root_ca")
                #expect(found.count == 1, "\(export) \(node)")
                let message = found.first?["message"] as? String ?? ""
                #expect(found.first?["severity"] as? String == "warning")
                #expect(message.contains("/etc/envoy/certs/ca-bundle.pem") && message.contains("→ Certs/pki/ca-bundle.pem"), "\(message)")
                #expect(message.contains("CN=Example Corp App Mesh Issuing CA") && !message.contains("CN=Example Corp Root CA G1,OU=pki,O=Example Corp,C=US ("))
            }
            // The demo has no wildcard SAN anywhere.
            for node in ["users", "frontend", "stock", "stock-v2", "shop-gateway"] {
                #expect(Self.findings(doc, node: node, code: "wildcard_san_enforced").isEmpty)
            }
        }
        // Without --certs the bundle is not read: nothing to say.
        let plain = try MeshcertBinary.run(["mesh", "scan", "Certs/appmesh", "--format", "json"]).json()
        #expect(Self.findings(plain, node: "users", code: "trust_not_root_ca").isEmpty)
    }

    /// frontend calls stock.apps.local (enforced, client SAN `*.apps.local`) and users.apps.local
    /// (enforced, exact SAN); stock presents a `*.apps.local` certificate, users an exact one; both
    /// trusts are a real self-signed root.
    @Test func generatedMeshWithAWildcardCertificate() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-wildcard-\(UUID().uuidString)")
        let certs = dir.appendingPathComponent("certs"), export = dir.appendingPathComponent("export")
        try FileManager.default.createDirectory(at: certs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: export, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let generated = try Self.python(Self.issueScript, [certs.path])
        #expect(generated.status == 0, "python3 with cryptography (as Certs/generate.py) is needed: \(generated.err)")
        try Data(Self.meshExport.utf8).write(to: export.appendingPathComponent("shop.json"))

        let run = try MeshcertBinary.run(["mesh", "scan", export.path, "--certs", certs.path, "--at", Self.at, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try run.json()
        #expect((doc["errors"] as? [Any])?.isEmpty == true)
        // (a) the client policy itself.
        let client = Self.findings(doc, node: "frontend", code: "wildcard_san_enforced")
        #expect(client.count == 1)
        #expect(client.first?["message"] as? String == "client policy to backend stock.apps.local is enforced and matches wildcard SAN *.apps.local")
        // (b) the backend presenting the wildcard, with the caller that enforces TLS.
        let server = Self.findings(doc, node: "stock", code: "wildcard_san_enforced")
        #expect(server.count == 1 && server.first?["severity"] as? String == "warning")
        #expect(server.first?["message"] as? String == "listener 8443 presents /etc/envoy/certs/stock.pem → \(certs.path)/stock.pem "
                + "with wildcard SAN *.apps.local to callers whose client policy is enforced: frontend (backend stock.apps.local)")
        #expect(Self.findings(doc, node: "users", code: "wildcard_san_enforced").isEmpty)
        // A trust holding only the self-signed root is what App Mesh wants.
        #expect(Self.findings(doc, node: "frontend", code: "trust_not_root_ca").isEmpty)

        let table = try MeshcertBinary.run(["mesh", "scan", export.path, "--certs", certs.path, "--at", Self.at])
        #expect(table.stdout.contains("warning shop/stock wildcard_san_enforced: listener 8443 presents"))
        #expect(table.stdout.contains("warning shop/frontend wildcard_san_enforced: client policy to backend stock.apps.local"))
        #expect(table.stdout.contains("shop   3      0         0       0         2         2     3/3"), "\(table.stdout)")
        let failOn = try MeshcertBinary.run(["mesh", "scan", export.path, "--fail-on", "warning", "--format", "json"])
        #expect(failOn.status == 1)

        // mesh plan lists the client-side warning beside frontend's plan (plan reads no --certs).
        let plan = try MeshcertBinary.run(["mesh", "plan", export.path, "--pca-arn", "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/sl"]).json()
        let plans = (plan["plans"] as? [[String: Any]]) ?? []
        let frontend = try #require(plans.first { $0["node"] as? String == "frontend" })
        #expect(((frontend["warnings"] as? [[String: Any]]) ?? []).map { $0["code"] as? String } == ["wildcard_san_enforced"])
        #expect(frontend["ready"] as? Bool == true)
    }

    /// Issues a root and two server certificates with fixed dates, with Certs/generate.py's helpers.
    static let issueScript = """
        import sys
        sys.path.insert(0, "Certs")
        import generate as g
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import ExtendedKeyUsageOID
        out = sys.argv[1]
        root_key = ec.generate_private_key(ec.SECP256R1())
        root_name = g.name("Wildcard Test Root CA", "pki")
        root = g.issue(root_name, root_key, root_name, root_key, g.T(2026, 1, 1), g.T(2030, 1, 1), ca=True, path_len=0)
        g.write(out + "/root.pem", g.pem(root))
        for svc, dns in [("stock", ["*.apps.local"]), ("users", ["users.apps.local"])]:
            key = ec.generate_private_key(ec.SECP256R1())
            cert = g.issue(g.name(svc + ".apps.local"), key, root.subject, root_key, g.T(2026, 6, 1), g.T(2027, 7, 1),
                           eku=[ExtendedKeyUsageOID.SERVER_AUTH], dns=dns, issuer_cert=root)
            g.write(out + "/" + svc + ".pem", g.pem(cert))
            g.write(out + "/" + svc + ".key", g.key_pem(key), 0o600)
        """

    static func node(_ name: String, _ spec: String) -> String {
        #"{"virtualNode": {"meshName": "shop", "virtualNodeName": "\#(name)", "metadata": {"meshOwner": "111122223333", "resourceOwner": "111122223333"}, "spec": \#(spec)}}"#
    }

    static func server(_ name: String) -> String {
        node(name, """
            {"listeners": [{"portMapping": {"port": 8443, "protocol": "http"}, "tls": {"mode": "STRICT",
               "certificate": {"file": {"certificateChain": "/etc/envoy/certs/\(name).pem", "privateKey": "/etc/envoy/certs/\(name).key"}}}}],
             "serviceDiscovery": {"awsCloudMap": {"namespaceName": "apps.local", "serviceName": "\(name)", "attributes": []}}}
            """)
    }

    static func service(_ name: String) -> String {
        #"{"virtualService": {"meshName": "shop", "virtualServiceName": "\#(name).apps.local", "spec": {"provider": {"virtualNode": {"virtualNodeName": "\#(name)"}}}}}"#
    }

    static func policy(_ san: String) -> String {
        #"{"tls": {"validation": {"trust": {"file": {"certificateChain": "/etc/envoy/certs/root.pem"}}, "subjectAlternativeNames": {"match": {"exact": ["\#(san)"]}}}}}"#
    }

    static let meshExport = "[" + [
        node("frontend", """
            {"serviceDiscovery": {"awsCloudMap": {"namespaceName": "apps.local", "serviceName": "frontend", "attributes": []}},
             "backendDefaults": {"clientPolicy": \(policy("users.apps.local"))},
             "backends": [{"virtualService": {"virtualServiceName": "stock.apps.local", "clientPolicy": \(policy("*.apps.local"))}},
                          {"virtualService": {"virtualServiceName": "users.apps.local"}}]}
            """),
        server("stock"), server("users"), service("stock"), service("users"),
    ].joined(separator: ",\n") + "]"

    static func python(_ script: String, _ arguments: [String]) throws -> (status: Int32, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        process.currentDirectoryURL = MeshcertBinary.repoRoot
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try MeshcertBinary.launch(process)
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
