import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Bad targets and bad inputs while serving: a target that accepts and never speaks, one that
/// sends garbage, one that does not resolve, a scan path that vanishes. Each shows its own
/// error; the good target and the scrapes keep working.
@Suite(.serialized) struct WatchHostileTests {
    /// A socket that listens but never accepts: TCP connects (the kernel's backlog), TLS never starts.
    final class SilentListener {
        let fd: Int32
        let port: Int
        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.fd = fd
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            let ok = withUnsafeMutablePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && listen(fd, 64) == 0 && getsockname(fd, $0, &len) == 0 }
            }
            guard ok else { throw CocoaError(.fileReadUnknown) }
            port = Int(UInt16(bigEndian: addr.sin_port))
        }
        deinit { close(fd) }
    }

    /// Answers every connection with an SSH banner and hangs up.
    final class GarbageServer: @unchecked Sendable {
        let listener: SilentListener
        private var running = true
        init() throws {
            listener = try SilentListener()
            let fd = listener.fd
            Thread { [self] in
                while self.running {
                    let c = accept(fd, nil, nil)
                    if c < 0 { break }
                    let banner = Array("SSH-2.0-OpenSSH_9.2 garbage\r\n".utf8)
                    _ = banner.withUnsafeBytes { send(c, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    usleep(50_000)
                    close(c)
                }
            }.start()
        }
        func stop() { running = false; shutdown(listener.fd, Int32(SHUT_RDWR)) }
    }

    @Test func badTargetsAndAVanishingScanPathLeaveTheRestWorking() throws {
        let lab = try RunningLab()
        defer { lab.stop() }
        let silent = try SilentListener()
        let garbage = try GarbageServer()
        defer { garbage.stop() }
        let ca = MeshcertBinary.repoRoot.appendingPathComponent("Certs/short-lived/short-lived-ca.pem").path
        let labPlan = try String(contentsOf: lab.plan, encoding: .utf8)
        let good = labPlan.components(separatedBy: "\n  - name: ").first { $0.hasPrefix("\"frontend@serviceconnect->users@serviceconnect\"") }!
        try """
            checks:
              - name: \(good)
              - name: silent
                connect: 127.0.0.1:\(silent.port)
                serverName: users.sc.internal
                trust: \(ca)
                timeout: 1s
              - name: garbage
                connect: 127.0.0.1:\(garbage.listener.port)
                serverName: users.sc.internal
                trust: \(ca)
              - name: nowhere
                connect: no-such-host.invalid:443
                trust: \(ca)
            """.write(to: lab.dir.appendingPathComponent("hostile.yaml"), atomically: true, encoding: .utf8)
        let files = lab.dir.appendingPathComponent("certs")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ca, toPath: files.appendingPathComponent("ca.pem").path)
        let file = try lab.config("""
            scan:
              - name: vanishing
                paths: [certs]
                interval: 500ms
            handshake:
              plan: hostile.yaml
              interval: 1s
              timeout: 5s
            """)
        let port = try LoopbackProcess.freePort()
        let watch = try BackgroundMeshcert(["watch", "--config", file.path, "--listen", "127.0.0.1:\(port)", "--log-format", "json",
                                            "--state", lab.dir.appendingPathComponent("state.db").path], in: lab.dir)
        defer { watch.stop() }
        var page = ""
        let all = BackgroundMeshcert.eventually(60) {
            page = RawHTTP.get(port, "/metrics").1
            return page.contains(#"meshcert_handshake_reason{target="silent",reason="timeout"} 1"#)
                && page.contains(#"meshcert_handshake_reason{target="garbage",reason="not_tls"} 1"#)
                && page.contains(#"meshcert_handshake_reason{target="nowhere",reason="dns_failure"} 1"#)
                && page.contains(#"probe_success{target="frontend@serviceconnect->users@serviceconnect"} 1"#)
        }
        #expect(all, "\(page)\n\(watch.output)")

        // The scan path goes away: the entry reports it, the probes go on.
        #expect(page.contains(#"meshcert_scan_certificates{scan="vanishing"} 1"#))
        try FileManager.default.removeItem(at: files)
        #expect(BackgroundMeshcert.eventually(30) {
            RawHTTP.get(port, "/metrics").1.contains(#"meshcert_scan_errors{scan="vanishing",code="missing_path"} 1"#)
        })
        #expect(BackgroundMeshcert.eventually(30) { watch.output.contains(#""event":"scan_failed""#) })
        #expect(RawHTTP.get(port, "/probe?target=" + RawHTTP.encode("frontend@serviceconnect->users@serviceconnect")).1
                    .contains("probe_success{target=\"frontend@serviceconnect->users@serviceconnect\"} 1"))

        // --log-format json: one JSON object per line.
        for line in watch.output.split(separator: "\n") {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["event"] is String, "not a JSON log line: \(line)")
        }
        #expect(watch.output.contains(#""event":"target_down","target":"nowhere""#))
    }
}
