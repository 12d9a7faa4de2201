import Foundation
import Testing

/// Scripts/export-appmesh.sh (a wrapper of `meshcert aws snapshot --service appmesh`) against a
/// local moto server (127.0.0.1 only, fake credentials), then `meshcert mesh scan` on the export.
/// moto implements meshes, virtual nodes, routers and routes; it answers 404 for virtual gateways
/// and virtual services, which the snapshot records as skipped, so this test creates neither.
@Suite(.serialized) struct MeshMotoEndToEndTests {
    struct Shell {
        var status: Int32
        var output: String
    }

    /// Fake credentials and no shared config: never a real account.
    static let awsEnvironment: [String: String] = [
        "AWS_ACCESS_KEY_ID": "meshcerttest", "AWS_SECRET_ACCESS_KEY": "meshcerttest", "AWS_SESSION_TOKEN": "",
        "AWS_DEFAULT_REGION": "eu-west-1", "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_PROFILE": "", "AWS_PAGER": "",
    ]

    @discardableResult
    static func sh(_ script: String, environment: [String: String] = [:]) -> Shell {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", script]
        p.currentDirectoryURL = MeshcertBinary.repoRoot
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { if v.isEmpty { env.removeValue(forKey: k) } else { env[k] = v } }
        p.environment = env
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        do { try MeshcertBinary.launch(p) } catch { return Shell(status: 127, output: "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Shell(status: p.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// moto's server does not always exit on SIGTERM: give it a moment, then SIGKILL.
    static func stop(_ server: Process) {
        server.terminate()
        for _ in 0..<30 where server.isRunning { Thread.sleep(forTimeInterval: 0.1) }
        if server.isRunning { kill(server.processIdentifier, SIGKILL) }
        server.waitUntilExit()
    }

    static let hasAWS = sh("command -v aws").status == 0
    static let hasMoto = sh("python3 -c 'import moto.server'").status == 0
    static let hasPip = sh("python3 -m pip --version").status == 0
    static let runnable = (hasAWS || hasPip) && (hasMoto || hasPip)

    @Test(.enabled(if: runnable, "skipped: needs the aws CLI and moto[server], or pip to install them (neither is available)"))
    func exportedMeshFromMotoHasTheExpectedFindings() throws {
        if !Self.hasAWS { try #require(Self.sh("python3 -m pip install -q awscli").status == 0, "pip install awscli failed") }
        if !Self.hasMoto { try #require(Self.sh("python3 -m pip install -q 'moto[server]'").status == 0, "pip install moto[server] failed") }

        let port = Self.sh("python3 -c \"import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])\"")
            .output.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(Int(port) != nil, "no free port: \(port)")
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", port]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try MeshcertBinary.launch(server)
        defer { Self.stop(server) }
        let endpoint = "http://127.0.0.1:\(port)"
        let aws = "aws --endpoint-url \(endpoint) --output json appmesh"
        var up = false
        for _ in 0..<60 where !up {
            up = Self.sh("\(aws) list-meshes", environment: Self.awsEnvironment).status == 0
            if !up { Thread.sleep(forTimeInterval: 0.5) }
        }
        try #require(up, "moto server on \(endpoint) did not answer")

        let pca = "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/moto-ca"
        let file = { (c: String, k: String) in #"{"file": {"certificateChain": "/etc/envoy/certs/\#(c)", "privateKey": "/etc/envoy/certs/\#(k)"}}"# }
        let cloudMap = { (s: String) in #""serviceDiscovery": {"awsCloudMap": {"namespaceName": "apps.local", "serviceName": "\#(s)", "attributes": []}}"# }
        let nodes: [(String, String)] = [
            ("users", #"{"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}, "tls": {"mode": "STRICT", "certificate": \#(file("users.pem", "users.key")), "validation": {"trust": {"file": {"certificateChain": "/etc/envoy/certs/ca-bundle.pem"}}}}}], \#(cloudMap("users"))}"#),
            ("frontend", #"{"listeners": [{"portMapping": {"port": 9000, "protocol": "http"}, "tls": {"mode": "STRICT", "certificate": \#(file("frontend-chain.pem", "frontend.key"))}}], "backends": [{"virtualService": {"virtualServiceName": "users.apps.local"}}], "backendDefaults": {"clientPolicy": {"tls": {"enforce": true, "certificate": \#(file("frontend-client.pem", "frontend-client.key")), "validation": {"trust": {"acm": {"certificateAuthorityArns": ["\#(pca)"]}}}}}}, \#(cloudMap("frontend"))}"#),
            ("stock", #"{"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}, "tls": {"mode": "PERMISSIVE", "certificate": \#(file("stock.pem", "stock.key"))}}], \#(cloudMap("stock"))}"#),
            ("stock-v2", #"{"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}}], "serviceDiscovery": {"dns": {"hostname": "stock-v2.shop.internal"}}}"#),
        ]
        func create(_ args: String, _ spec: String) throws {
            let r = Self.sh("\(aws) \(args) --spec '\(spec)'", environment: Self.awsEnvironment)
            try #require(r.status == 0, "\(args): \(r.output)")
        }
        try #require(Self.sh("\(aws) create-mesh --mesh-name moto-shop", environment: Self.awsEnvironment).status == 0)
        for (name, spec) in nodes { try create("create-virtual-node --mesh-name moto-shop --virtual-node-name \(name)", spec) }
        try create("create-virtual-router --mesh-name moto-shop --virtual-router-name stock-router",
                   #"{"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}}]}"#)
        try create("create-route --mesh-name moto-shop --virtual-router-name stock-router --route-name stock-route",
                   #"{"httpRoute": {"match": {"prefix": "/"}, "action": {"weightedTargets": [{"virtualNode": "stock", "weight": 80}, {"virtualNode": "stock-v2", "weight": 20}]}}}"#)
        // A second mesh that --mesh leaves out.
        try #require(Self.sh("\(aws) create-mesh --mesh-name other", environment: Self.awsEnvironment).status == 0)

        let out = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-moto-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        var exportEnvironment = Self.awsEnvironment
        exportEnvironment["MESHCERT_BIN"] = MeshcertBinary.executable.path
        let export = Self.sh("Scripts/export-appmesh.sh --out '\(out.path)' --mesh moto-shop --region eu-west-1 --endpoint-url \(endpoint)",
                             environment: exportEnvironment)
        #expect(export.status == 0, "\(export.output)")
        #expect(export.output.contains("exported 1 mesh(es)"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("moto-shop/virtual-nodes/users.json").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("other").path))

        let run = try MeshcertBinary.run(["mesh", "scan", out.path, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try run.json()
        #expect((doc["errors"] as? [Any])?.isEmpty == true, "moto's timestamps (\"27/11/2026, 07:20:44\") must not be errors")
        let found = try #require(doc["nodes"] as? [[String: Any]])
        func codes(_ name: String) -> Set<String> {
            let node = found.first { $0["name"] as? String == name }
            return Set((node?["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
        }
        #expect(Set(found.compactMap { $0["name"] as? String }) == ["users", "frontend", "stock", "stock-v2"])
        #expect(found.allSatisfy { $0["mesh"] as? String == "moto-shop" && $0["shared"] as? Bool == false })
        #expect(codes("users").isSuperset(of: ["mtls_server", "file_or_sds_certificate"]))
        #expect(codes("frontend").isSuperset(of: ["mtls_client", "general_purpose_ca"]))
        #expect(codes("stock").contains("permissive_tls"))
        #expect(codes("stock-v2") == ["no_tls", "dns_service_discovery"])
        let route = try #require((doc["routes"] as? [[String: Any]])?.first)
        #expect((route["findings"] as? [[String: Any]])?.first?["code"] as? String == "weighted_routing")
        let overall = (doc["summary"] as? [String: Any])?["overall"] as? [String: Any]
        #expect(overall?["blockers"] as? Int == 3)
    }
}
