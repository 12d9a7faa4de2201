import Foundation
import Testing

/// `meshcert rotate` run as a real process on the committed scenarios.
@Suite struct RotateEndToEndTests {
    let demo = "Certs/scenarios/demo.yaml"
    let hardened = "Certs/scenarios/demo-hardened.yaml"
    let worked = "Certs/scenarios/worked-example.yaml"

    func temporaryFile(_ name: String, _ text: String? = nil) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-rotate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        if let text { try text.write(to: url, atomically: true, encoding: .utf8) }
        return url
    }

    /// --tasks beyond what the simulator holds is a usage error, not an allocation that kills
    /// the process (99999999999 tasks asked for 3.2 TB).
    @Test func tasksBeyondTheSimulatorAreAUsageError() throws {
        let run = try MeshcertBinary.run(["rotate", "simulate", "Certs/scenarios/demo.yaml", "--from-mesh", "Certs/appmesh",
                                          "--tasks", "99999999999"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--tasks must be from 1 to 67108864"))
        let report = try MeshcertBinary.run(["report", "--mesh", "Certs/appmesh", "--tasks", "99999999999", "--out", NSTemporaryDirectory() + "mc-tasks"])
        #expect(report.status == 2)
    }

    @Test func workedExampleJSONHasTheContractFields() throws {
        let run = try MeshcertBinary.run(["rotate", "simulate", worked, "--format", "json"])
        #expect(run.status == 1)  // 12 hours expired: exposure found
        let json = try run.json()
        #expect(json["schema"] as? String == "meshcert.rotation.v1")
        let service = try #require((json["services"] as? [[String: Any]])?.first)
        for key in ["name", "tasks", "issuances", "failedRequests", "expiredSeconds", "notYetValidSeconds",
                    "untrustedSeconds", "minMarginSeconds", "exposureWindows"] {
            #expect(service[key] != nil, "services[].\(key)")
        }
        #expect(service["issuances"] as? Int == 6)
        #expect(service["expiredSeconds"] as? Int == 43200)
        #expect(service["minMarginSeconds"] as? Int == -43200)
        let window = try #require((service["exposureWindows"] as? [[String: Any]])?.first)
        #expect(window["start"] as? String == "2026-12-08T00:00:00Z")
        #expect(window["end"] as? String == "2026-12-08T12:00:00Z")
        #expect(window["task"] as? String == "stock/0")
        #expect(window["kind"] as? String == "expired")
        let totals = try #require(json["totals"] as? [String: Any])
        #expect(totals["peakIssuancesPerMinute"] as? Int == 1)
        #expect(totals["expiredSeconds"] as? Int == 43200)
        let cost = try #require(json["cost"] as? [String: Any])
        for key in ["mode", "total", "caFee", "certificateFees", "certificates", "alternative"] { #expect(cost[key] != nil, "cost.\(key)") }
        #expect(cost["mode"] as? String == "SHORT_LIVED")
        #expect(cost["total"] as? Double == 50.35)
        let alt = try #require(cost["alternative"] as? [String: Any])
        #expect(alt["mode"] as? String == "GENERAL_PURPOSE" && alt["certificates"] as? Int == 1 && alt["total"] as? Double == 400.75)
    }

    @Test func demoShowsEveryKindOfExposureAndExitsOne() throws {
        let run = try MeshcertBinary.run(["rotate", "simulate", demo, "--format", "json"])
        #expect(run.status == 1)
        let kinds = Set(((try run.json()["services"] as? [[String: Any]]) ?? [])
            .flatMap { ($0["exposureWindows"] as? [[String: Any]]) ?? [] }.compactMap { $0["kind"] as? String })
        #expect(kinds == ["expired", "not_yet_valid", "untrusted"])
    }

    @Test func hardenedDemoHasNoExposureAndExitsZero() throws {
        let run = try MeshcertBinary.run(["rotate", "simulate", hardened])
        #expect(run.status == 0)
        #expect(run.stdout.contains("no exposure"))
        #expect(run.stdout.contains("TOTAL"))
    }

    @Test func sameSeedIsByteIdenticalAndSeedFlagOverrides() throws {
        let a = try MeshcertBinary.run(["rotate", "simulate", demo, "--format", "json"])
        let b = try MeshcertBinary.run(["rotate", "simulate", demo, "--format", "json", "--seed", "42"])
        let c = try MeshcertBinary.run(["rotate", "simulate", demo, "--format", "json", "--seed", "7"])
        #expect(!a.stdout.isEmpty && a.stdout == b.stdout)
        #expect(a.stdout != c.stdout)
    }

    @Test func badScenarioExitsTwoNamingFileLineAndField() throws {
        let file = try temporaryFile("bad.yaml", """
            start: 2026-12-01T00:00:00Z
            duration: 30d
            ca:
              lifetime: 8d
              lifetme: 1d
            services:
              - {name: a}
            """)
        let run = try MeshcertBinary.run(["rotate", "simulate", file.path])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("bad.yaml:5: error: ca.lifetme: unknown field"))
        #expect(run.stderr.contains("bad.yaml:4: error: ca.lifetime: 8d is above the 7-day limit of SHORT_LIVED mode"))
        let missing = try MeshcertBinary.run(["rotate", "simulate", "no/such/scenario.yaml"])
        #expect(missing.status == 2 && missing.stderr.contains("no/such/scenario.yaml: error: does not exist"))
    }

    @Test func warningsGoToStderrAndTheRunContinues() throws {
        let file = try temporaryFile("late.yaml", """
            start: 2026-12-01T00:00:00Z
            duration: 10d
            rotation: {renewAt: 8d}
            services: [{name: a}]
            """)
        let run = try MeshcertBinary.run(["rotate", "simulate", file.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("late.yaml:3: warning: rotation.renewAt: 8d is not below the lifetime 7d"))
        #expect(run.stdout.contains("expired"))
    }

    @Test func sweepTableAndJSON() throws {
        let run = try MeshcertBinary.run(["rotate", "sweep", worked, "--renew-at", "3d,4d,5d,6d", "--outage", "24h,48h,72h"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("renewAt \\ outage  24h"))
        #expect(run.stdout.contains("5d                ok (margin 1d12h)  ok (margin 12h)    EXPOSED 12h (margin -12h)"))
        let json = try MeshcertBinary.run(["rotate", "sweep", worked, "--renew-at", "5d", "--outage", "none,72h", "--format", "json"])
        #expect(json.status == 0)
        let cells = try #require(try json.json()["cells"] as? [[String: Any]])
        #expect(cells.map { $0["expiredSeconds"] as? Int } == [0, 43200])
        let bad = try MeshcertBinary.run(["rotate", "sweep", worked, "--renew-at", "5x", "--outage", "24h"])
        #expect(bad.status == 2 && bad.stderr.contains("--renew-at"))
        // A renewal point at or past the lifetime is warned of, as simulate warns of the scenario's own.
        let late = try MeshcertBinary.run(["rotate", "sweep", worked, "--renew-at", "5d,7d,8d", "--outage", "24h"])
        #expect(late.status == 0)
        #expect(late.stderr.contains("--renew-at 7d is not below the lifetime 7d"), "\(late.stderr)")
        #expect(late.stderr.contains("--renew-at 8d is not below the lifetime 7d"))
        #expect(!late.stderr.contains("--renew-at 5d") && run.stderr.isEmpty)
    }

    @Test func helpTeachesExitCodes() throws {
        let run = try MeshcertBinary.run(["rotate", "simulate", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("1 exposure found"))
        #expect(run.stdout.contains("meshcert.rotation.v1"))
    }

    @Test func timelineRendersToPNG() throws {
        let svg = try temporaryFile("demo.svg")
        let run = try MeshcertBinary.run(["rotate", "simulate", demo, "--timeline", svg.path])
        #expect(run.status == 1)
        let text = try String(contentsOf: svg, encoding: .utf8)
        #expect(text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        for lane in ["frontend", "users", "stock", "CA outage", "new CA trusted", "2026-12-03"] { #expect(text.contains(lane)) }
        let converter = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let converter else {
            print("SKIPPED: rsvg-convert is not installed (Debian package librsvg2-bin); the SVG was not rendered to PNG")
            return
        }
        let png = svg.deletingPathExtension().appendingPathExtension("png")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: converter)
        p.arguments = ["-o", png.path, svg.path]
        let err = Pipe()
        p.standardError = err
        try MeshcertBinary.launch(p)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "rsvg-convert: \(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
        let bytes = [UInt8](try Data(contentsOf: png))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // IHDR: width and height, big-endian, at bytes 16..23.
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1200)
        #expect(height > 150 && height < 400)
    }

    @Test func timelineOf500ServicesAggregatesLanes() throws {
        var yaml = "start: 2026-12-01T00:00:00Z\nduration: 30d\nseed: 1\nca:\n  outages: [{start: 2026-12-06T00:00:00Z, duration: 72h}]\n"
        yaml += "rotation: {jitter: 0.2}\nservices:\n"
        for i in 0..<500 { yaml += "  - {name: svc\(i), tasks: 3, restartsPerDay: 0.3}\n" }
        let file = try temporaryFile("big.yaml", yaml)
        let svg = file.deletingPathExtension().appendingPathExtension("svg")
        let run = try MeshcertBinary.run(["rotate", "simulate", file.path, "--timeline", svg.path, "--format", "json"])
        #expect(run.status == 1)
        let text = try String(contentsOf: svg, encoding: .utf8)
        #expect(text.contains("471 more services"))  // 29 own lanes + 1 aggregated
        #expect(text.utf8.count < 2_000_000)
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/rsvg-convert") {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/rsvg-convert")
            p.arguments = ["-o", svg.deletingPathExtension().path + ".png", svg.path]
            try MeshcertBinary.launch(p)
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
        }
    }

    @Test func fromMeshBuildsServicesFromTheAppMeshExport() throws {
        let run = try MeshcertBinary.run(["rotate", "simulate", worked, "--from-mesh", "Certs/appmesh/aws", "--tasks", "2", "--format", "json"])
        #expect(run.status == 1)
        let services = try #require(try run.json()["services"] as? [[String: Any]])
        #expect(services.map { $0["name"] as? String } == ["frontend", "stock", "stock-v2", "users"])
        // stock keeps the scenario's settings (1 task); the others get --tasks.
        #expect(services.map { $0["tasks"] as? Int } == [2, 1, 2, 2])
        // frontend calls users and stock (whose router also sends to stock-v2).
        #expect(services.map { $0["clients"] as? [String] } == [[], ["frontend"], ["frontend"], ["frontend"]])
        // The same from the JSON of `meshcert mesh scan`.
        let json = try temporaryFile("mesh.json")
        let scan = try MeshcertBinary.run(["mesh", "scan", "Certs/appmesh/aws", "--format", "json"])
        try scan.stdout.write(to: json, atomically: true, encoding: .utf8)
        let again = try MeshcertBinary.run(["rotate", "simulate", worked, "--from-mesh", json.path, "--format", "json"])
        let names = ((try again.json()["services"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
        #expect(names == ["frontend", "stock", "stock-v2", "users"])
        let none = try MeshcertBinary.run(["rotate", "simulate", worked, "--from-mesh", "Certs/scenarios"])
        #expect(none.status == 2 && none.stderr.contains("no App Mesh virtual node found"))
    }
}
