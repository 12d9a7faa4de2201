import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `meshcert watch` serving: /metrics, /probe, /healthz, bad requests bounded, the port in
/// use, SIGHUP with a broken config, SIGTERM.
@Suite(.serialized) struct WatchServerEndToEndTests {
    static let scTarget = "frontend@serviceconnect->users@serviceconnect+cert"

    func start(_ lab: RunningLab, port: Int, interval: String = "1s") throws -> (BackgroundMeshcert, URL) {
        let file = try lab.config("""
            handshake:
              plan: plan.yaml
              interval: \(interval)
              timeout: 5s
            """)
        let watch = try BackgroundMeshcert(["watch", "--config", file.path, "--listen", "127.0.0.1:\(port)",
                                            "--state", lab.dir.appendingPathComponent("state.db").path], in: lab.dir)
        let up = BackgroundMeshcert.eventually(60) { RawHTTP.get(port, "/healthz").0 == 200 || !watch.process.isRunning }
        guard up, watch.process.isRunning else {
            watch.stop()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "watch did not start: \(watch.output)"])
        }
        return (watch, file)
    }

    @Test func routesAndBadRequests() throws {
        let lab = try RunningLab()
        defer { lab.stop() }
        let port = try LoopbackProcess.freePort()
        let (watch, _) = try start(lab, port: port)
        defer { watch.stop() }

        // /metrics fills up as the first probes complete.
        var page = ""
        #expect(BackgroundMeshcert.eventually(60) {
            page = RawHTTP.get(port, "/metrics").1
            return page.contains("probe_success{target=\"\(Self.scTarget)\"} 1")
        }, "\(page)")
        #expect(page.contains("# TYPE probe_success gauge"))

        // /probe: one target now, blackbox_exporter style.
        let (status, probe) = RawHTTP.get(port, "/probe?target=" + RawHTTP.encode(Self.scTarget))
        #expect(status == 200)
        #expect(probe.contains("probe_success{target=\"\(Self.scTarget)\"} 1"))
        #expect(!probe.contains("frontend@appmesh"))
        #expect(RawHTTP.get(port, "/probe").0 == 400)
        #expect(RawHTTP.get(port, "/probe?target=").0 == 400)
        let unknown = RawHTTP.get(port, "/probe?target=nobody")
        #expect(unknown.0 == 404)
        #expect(unknown.1.contains("unknown target 'nobody'"))
        #expect(RawHTTP.get(port, "/nothing-here").0 == 404)

        // An oversized request line: refused with 431, the server goes on.
        if let fd = RawHTTP.connect(port) {
            RawHTTP.send(fd, "GET /" + String(repeating: "a", count: 20000) + " HTTP/1.1\r\n\r\n")
            #expect(RawHTTP.parse(RawHTTP.readAll(fd)).0 == 431)
            close(fd)
        }
        // Garbage instead of HTTP: 400, the server goes on.
        if let fd = RawHTTP.connect(port) {
            RawHTTP.send(fd, "\u{1}\u{2}\u{3} not http\r\n\r\n")
            #expect(RawHTTP.parse(RawHTTP.readAll(fd)).0 == 400)
            close(fd)
        }
        // Slowloris: half a request line, never finished. Scrapes meanwhile are answered, and the
        // server hangs up on the slow client by itself (its head deadline).
        let slow = (0..<5).compactMap { _ in RawHTTP.connect(port) }
        for fd in slow { RawHTTP.send(fd, "GET /metr") }
        #expect(RawHTTP.get(port, "/metrics").0 == 200)
        for fd in slow {
            #expect(RawHTTP.readAll(fd) == "")  // closed without an answer (recv timeout is 30 s)
            close(fd)
        }
        #expect(RawHTTP.get(port, "/healthz").0 == 200)
        #expect(!RawHTTP.get(port, "/metrics").1.contains("PRIVATE KEY"))
    }

    @Test func portInUseExitsTwo() throws {
        let lab = try RunningLab()
        defer { lab.stop() }
        let port = try LoopbackProcess.freePort()
        let (watch, file) = try start(lab, port: port)
        defer { watch.stop() }
        let second = try MeshcertBinary.run(["watch", "--config", file.path, "--listen", "127.0.0.1:\(port)",
                                             "--state", lab.dir.appendingPathComponent("other.db").path], timeout: 60)
        #expect(second.status == 2)
        #expect(second.stderr.contains("cannot listen on 127.0.0.1:\(port): Address already in use"), "\(second.stderr)")
    }

    @Test func sighupKeepsTheOldConfigWhenTheNewOneIsBrokenAndSigtermStops() throws {
        let lab = try RunningLab()
        defer { lab.stop() }
        let port = try LoopbackProcess.freePort()
        let (watch, file) = try start(lab, port: port)
        defer { watch.stop() }
        let good = try String(contentsOf: file, encoding: .utf8)
        try (good + "\n  bogus: 1\n").write(to: file, atomically: true, encoding: .utf8)
        watch.signal(SIGHUP)
        #expect(BackgroundMeshcert.eventually(30) { watch.output.contains("config_rejected") }, "\(watch.output)")
        #expect(watch.output.contains("handshake.bogus: unknown key 'bogus'"))
        #expect(RawHTTP.get(port, "/metrics").1.contains("meshcert_watch_config_last_reload_successful 0"))
        #expect(RawHTTP.get(port, "/probe?target=" + RawHTTP.encode(Self.scTarget)).0 == 200)  // the old config serves on

        // A good config again: reloaded, one target only now.
        let plan = try String(contentsOf: lab.plan, encoding: .utf8)
        let one = plan.components(separatedBy: "\n  - name: ").prefix(2).joined(separator: "\n  - name: ") + "\n"
        try one.write(to: lab.dir.appendingPathComponent("one.yaml"), atomically: true, encoding: .utf8)
        try (good.replacingOccurrences(of: "plan.yaml", with: "one.yaml") + "\n").write(to: file, atomically: true, encoding: .utf8)
        watch.signal(SIGHUP)
        #expect(BackgroundMeshcert.eventually(30) { watch.output.contains("config_reloaded") }, "\(watch.output)")
        #expect(RawHTTP.get(port, "/metrics").1.contains("meshcert_watch_config_last_reload_successful 1"))
        #expect(RawHTTP.get(port, "/probe?target=" + RawHTTP.encode(Self.scTarget)).0 == 404)

        watch.signal(SIGTERM)
        #expect(watch.waitForExit(seconds: 30) == 0, "\(watch.output)")
        #expect(watch.output.contains("stopping"))
    }

    /// SIGHUP with a new `listen` (no --listen given): the new address serves, the old one is
    /// closed; a new address already in use refuses the reload and the server serves on.
    @Test func sighupRebindsANewListenAddress() throws {
        let lab = try RunningLab()
        defer { lab.stop() }
        let first = try LoopbackProcess.freePort()
        let body = "handshake:\n  plan: plan.yaml\n  interval: 1s\nstate: state.db\n"
        let file = try lab.config("listen: 127.0.0.1:\(first)\n" + body)
        let watch = try BackgroundMeshcert(["watch", "--config", file.path], in: lab.dir)
        defer { watch.stop() }
        #expect(BackgroundMeshcert.eventually(60) { RawHTTP.get(first, "/healthz").0 == 200 }, "\(watch.output)")

        let second = try LoopbackProcess.freePort()
        _ = try lab.config("listen: 127.0.0.1:\(second)\n" + body)
        watch.signal(SIGHUP)
        #expect(BackgroundMeshcert.eventually(30) { watch.output.contains("config_reloaded") }, "\(watch.output)")
        #expect(RawHTTP.get(second, "/healthz").0 == 200)
        #expect(!LoopbackProcess.accepts(first), "the old address still accepts connections")

        // A port someone else holds: the reload is refused as a whole, the server serves on.
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(holder) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let taken = try LoopbackProcess.freePort()
        addr.sin_port = UInt16(taken).bigEndian
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        try #require(bound && listen(holder, 1) == 0)
        _ = try lab.config("listen: 127.0.0.1:\(taken)\n" + body)
        watch.signal(SIGHUP)
        #expect(BackgroundMeshcert.eventually(30) { watch.output.contains("config_rejected") }, "\(watch.output)")
        #expect(watch.output.contains("cannot listen on 127.0.0.1:\(taken)"), "\(watch.output)")
        #expect(RawHTTP.get(second, "/metrics").1.contains("meshcert_watch_config_last_reload_successful 0"))

        // A new state file is not taken up while running: the history stays where it was.
        _ = try lab.config("listen: 127.0.0.1:\(second)\n" + body.replacingOccurrences(of: "state.db", with: "other.db"))
        watch.signal(SIGHUP)
        #expect(BackgroundMeshcert.eventually(30) { watch.output.contains("restart_needed") }, "\(watch.output)")
        #expect(RawHTTP.get(second, "/healthz").0 == 200)
        watch.signal(SIGTERM)
        #expect(watch.waitForExit(seconds: 30) == 0, "\(watch.output)")
    }
}
