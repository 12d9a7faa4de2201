import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `meshcert lab`: both worlds on loopback, the full matrix, faults, and `serve` + `handshake --plan`.
@Suite(.serialized) struct LabEndToEndTests {
    static let at = "2026-12-02T00:00:00Z"

    func cells(_ run: MeshcertRun) throws -> [[String: Any]] {
        let json = try run.json()
        #expect(json["schema"] as? String == "meshcert.lab.v1")
        return try #require(json["cells"] as? [[String: Any]], "\(run.stderr)")
    }

    func reason(_ cells: [[String: Any]], client: String, server: String, serverEnv: String, cert: Bool, clientEnv: String) -> String? {
        let cell = cells.first {
            $0["client"] as? String == client && $0["clientEnvironment"] as? String == clientEnv && $0["server"] as? String == server
                && $0["serverEnvironment"] as? String == serverEnv && $0["clientCertificate"] as? Bool == cert
        }
        return (cell?["check"] as? [String: Any])?["reason"] as? String
    }

    @Test func defaultMatrixShowsBothWorlds() throws {
        let run = try MeshcertBinary.run(["lab", "run", "--at", Self.at, "--format", "json", "--timeout", "20s"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let cells = try cells(run)
        #expect(cells.count == 16)  // frontend x {users, stock} x 2 client worlds x 2 server worlds x cert yes/no
        for server in ["users", "stock"] {
            // App Mesh to App Mesh works with client certificates (mutual TLS) and only with them.
            #expect(reason(cells, client: "frontend", server: server, serverEnv: "appmesh", cert: true, clientEnv: "appmesh") == "ok")
            #expect(reason(cells, client: "frontend", server: server, serverEnv: "appmesh", cert: false, clientEnv: "appmesh")
                    == "client_certificate_required")
            // Service Connect to Service Connect works.
            #expect(reason(cells, client: "frontend", server: server, serverEnv: "serviceconnect", cert: false, clientEnv: "serviceconnect") == "ok")
            // A Service Connect client (no client certificate) against an App Mesh server.
            #expect(reason(cells, client: "frontend", server: server, serverEnv: "appmesh", cert: false, clientEnv: "serviceconnect")
                    == "client_certificate_required")
            // An App Mesh client trusting only the general-purpose root against Service Connect.
            #expect(reason(cells, client: "frontend", server: server, serverEnv: "serviceconnect", cert: false, clientEnv: "appmesh") == "untrusted")
        }
        let sc = try #require(cells.first { $0["clientEnvironment"] as? String == "serviceconnect"
            && $0["serverEnvironment"] as? String == "serviceconnect" }?["check"] as? [String: Any])
        #expect(sc["protocol"] as? String == "TLSv1.3")
        #expect(sc["serviceConnectCompatible"] as? Bool == true)
        let chain = try #require(sc["peerChain"] as? [[String: Any]])
        #expect(chain.first?["notAfter"] as? String == "2026-12-08T23:00:00Z")  // 7 days from at - 1h
        let servers = try #require(try run.json()["servers"] as? [[String: Any]])
        #expect(servers.count == 4)
        #expect(try run.json()["fault"] is NSNull)
    }

    @Test(arguments: [
        ("expired", "expired"), ("wrong-name", "hostname_mismatch"), ("untrusted", "untrusted"),
        ("tls12-only", "protocol_mismatch"), ("mtls", "client_certificate_required"),
    ])
    func faultIsDiagnosed(fault: String, expected: String) throws {
        let run = try MeshcertBinary.run(["lab", "run", "--at", Self.at, "--fault", fault, "--format", "json", "--timeout", "20s"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let cells = try cells(run)
        #expect(reason(cells, client: "frontend", server: "users", serverEnv: "serviceconnect", cert: false, clientEnv: "serviceconnect") == expected)
        // The other service is untouched.
        #expect(reason(cells, client: "frontend", server: "stock", serverEnv: "serviceconnect", cert: false, clientEnv: "serviceconnect") == "ok")
        let faultInfo = try #require(try run.json()["fault"] as? [String: Any])
        #expect(faultInfo["kind"] as? String == fault)
        #expect(faultInfo["service"] as? String == "users")
    }

    @Test func tableNamesEveryCellAndItsReason() throws {
        let run = try MeshcertBinary.run(["lab", "run", "--at", Self.at, "--topology", "Certs/lab/topology.yaml", "--timeout", "20s"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("frontend@serviceconnect  users@appmesh"))
        #expect(run.stdout.contains("tlsv13 alert certificate required"))
        #expect(run.stdout.contains("16 of 16 cells as expected"))
    }

    @Test func customTopologyAndBadInput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-lab-topo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let topo = dir.appendingPathComponent("topology.yaml")
        try "services:\n  - {name: web, calls: [api]}\n  - {name: api, calls: [db]}\n  - {name: db}\n".write(to: topo, atomically: true, encoding: .utf8)
        let run = try MeshcertBinary.run(["lab", "run", "--at", Self.at, "--topology", topo.path, "--format", "json", "--timeout", "20s"])
        #expect(run.status == 0, "\(run.stderr)")
        let cells = try cells(run)
        #expect(cells.count == 16)
        #expect(reason(cells, client: "api", server: "db", serverEnv: "serviceconnect", cert: false, clientEnv: "serviceconnect") == "ok")

        let bad = dir.appendingPathComponent("bad.yaml")
        try "services:\n  - {name: web, calls: [nowhere]}\n".write(to: bad, atomically: true, encoding: .utf8)
        let badRun = try MeshcertBinary.run(["lab", "run", "--topology", bad.path])
        #expect(badRun.status == 2)
        #expect(badRun.stderr.contains("'nowhere'"))
        let badFault = try MeshcertBinary.run(["lab", "run", "--fault", "slow"])
        #expect(badFault.status == 2)
        #expect(badFault.stderr.contains("expired, wrong-name, untrusted, tls12-only, mtls"))
    }

    @Test func serveWritesAPlanThatHandshakeRuns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-lab-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = dir.appendingPathComponent("plan.yaml")
        let serve = Process()
        serve.executableURL = MeshcertBinary.executable
        serve.arguments = ["lab", "serve", "--at", Self.at, "--fault", "mtls", "--for", "120s", "--plan-out", plan.path,
                           "--dir", dir.appendingPathComponent("lab files: #1").path]  // YAML-hostile on purpose
        serve.currentDirectoryURL = MeshcertBinary.repoRoot
        serve.standardOutput = FileHandle.nullDevice
        serve.standardError = FileHandle.nullDevice
        try MeshcertBinary.launch(serve)
        defer {
            kill(serve.processIdentifier, SIGKILL)  // SIGTERM may be blocked in children of the test runner
            serve.waitUntilExit()
        }
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: plan.path) && Date() < deadline && serve.isRunning { usleep(100_000) }
        usleep(200_000)  // the plan is written whole before the first line is printed; let it settle
        let run = try MeshcertBinary.run(["handshake", "--plan", plan.path, "--at", Self.at, "--jobs", "4", "--format", "json",
                                          "--timeout", "20s"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let json = try run.json()
        let checks = try #require(json["checks"] as? [[String: Any]])
        #expect(checks.count == 16)
        #expect(checks.allSatisfy { $0["matchedExpectation"] as? Bool == true })
        let users = try #require(checks.first { $0["name"] as? String == "frontend@serviceconnect->users@serviceconnect" })
        #expect(users["reason"] as? String == "client_certificate_required")
        #expect(users["clientAuth"] as? String == "required")
    }

    /// The lab's keys never outlive it in a folder it made: not after a failed start, not after
    /// `lab serve` ends.
    @Test func temporaryFoldersAreRemoved() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-lab-clean-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let failed = try MeshcertBinary.run(["lab", "run", "--at", Self.at, "--fault", "expired", "--fault-service", "nosuch",
                                             "--dir", base.path])
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("'nosuch' is not a called service"))
        #expect(!FileManager.default.fileExists(atPath: base.path), "a failed start removes the folder it made")

        let served = try MeshcertBinary.run(["lab", "serve", "--at", Self.at, "--for", "1s", "--plan-out", base.path + "-plan.yaml"])
        defer { try? FileManager.default.removeItem(atPath: base.path + "-plan.yaml") }
        #expect(served.status == 0, "\(served.stderr)")
        let line = try #require(served.stdout.split(separator: "\n").first { $0.hasPrefix("plan: ") })
        let folder = try #require(line.range(of: "files: ").map { String(line[$0.upperBound...]) })
        #expect(folder.contains("meshcert-lab-"))
        #expect(!FileManager.default.fileExists(atPath: folder), "the temporary folder of lab serve is gone when it stops")
    }
}
