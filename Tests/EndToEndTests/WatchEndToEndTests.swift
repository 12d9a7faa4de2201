import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `meshcert watch` against the real lab: `--once`, the history, config refusals, and the
/// server (routes, bad requests, signals).
@Suite(.serialized) struct WatchEndToEndTests {
    static let shortLived = MeshcertBinary.repoRoot.appendingPathComponent("Certs/short-lived").path

    func config(_ lab: RunningLab, interval: String = "1s", extra: String = "") throws -> URL {
        try lab.config("""
            state: state.db
            scan:
              - name: files
                paths: [\(Self.shortLived)]
                interval: 1m
                trust: [\(Self.shortLived)/short-lived-ca.pem]
                rotation: false          # fixed-date 7-day fixtures: overdue from 2026-12-06 on (file rotation: WatchFileRotationTests)
            handshake:
              plan: plan.yaml
              interval: \(interval)
              timeout: 5s
            \(extra)
            """)
    }

    func sample(_ page: String, _ series: String) -> Double? {
        for line in page.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test func onceProbesTheLabAndPrintsTheContract() throws {
        let lab = try RunningLab()
        defer { lab.stop() }
        let file = try config(lab)
        let run = try MeshcertBinary.run(["watch", "--config", file.path, "--once"])
        #expect(run.status == 0, "\(run.stderr)")
        let page = run.stdout
        let sc = #"{target="frontend@serviceconnect->users@serviceconnect"}"#
        #expect(sample(page, "probe_success" + sc) == 1)
        #expect(sample(page, #"probe_success{target="frontend@serviceconnect->users@appmesh"}"#) == 0)
        #expect(sample(page, #"meshcert_handshake_reason{target="frontend@serviceconnect->users@appmesh",reason="client_certificate_required"}"#) == 1)
        #expect(sample(page, #"meshcert_handshake_reason{target="frontend@appmesh->stock@serviceconnect",reason="untrusted"}"#) == 1)
        #expect(sample(page, #"probe_tls_version_info{target="frontend@serviceconnect->users@serviceconnect",version="TLS 1.3"}"#) == 1)
        #expect(sample(page, "probe_ssl_earliest_cert_expiry" + sc) != nil)
        #expect(sample(page, "meshcert_rotation_changes_total" + sc) == 0)
        #expect(sample(page, "meshcert_rotation_renewal_overdue" + sc) == 0)
        #expect(page.contains("# TYPE meshcert_rotation_changes_total counter\n"))
        #expect(page.contains(#"x509_cert_not_after{filepath="\#(Self.shortLived)/users.pem""#))
        #expect(sample(page, #"meshcert_scan_certificates{scan="files"}"#) == 4)
        #expect(!page.contains("target=\"file:"))  // rotation: false
        // State changes are logged, one line each: the broken cells go down.
        #expect(run.stderr.contains("target_down target=frontend@serviceconnect->users@appmesh"))
        // Each names what its check expects: this cell is meant to fail, and fails as planned.
        let down = run.stderr.split(separator: "\n").first { $0.contains("target_down target=frontend@serviceconnect->users@appmesh ") }
        #expect(down?.contains("reason=client_certificate_required expected=client_certificate_required") == true, "\(down ?? "")")
        #expect(!page.contains("PRIVATE KEY"))

        // The history holds each target's certificate.
        let history = try MeshcertBinary.run(["watch", "history", "--state", lab.dir.appendingPathComponent("state.db").path,
                                              "--target", "frontend@serviceconnect->users@serviceconnect", "--format", "json"])
        #expect(history.status == 0, "\(history.stderr)")
        let json = try history.json()
        #expect(json["schema"] as? String == "meshcert.watch.history.v1")
        let targets = try #require(json["targets"] as? [[String: Any]])
        #expect(targets.count == 1)
        let certs = try #require(targets.first?["certificates"] as? [[String: Any]])
        #expect(certs.count == 1)
        #expect((certs.first?["serial"] as? String)?.isEmpty == false)
        #expect((certs.first?["sha256"] as? String)?.count == 64)
        let table = try MeshcertBinary.run(["watch", "history", "--state", lab.dir.appendingPathComponent("state.db").path])
        #expect(table.status == 0)
        #expect(table.stdout.contains("frontend@serviceconnect->users@serviceconnect"))
        let unknown = try MeshcertBinary.run(["watch", "history", "--state", lab.dir.appendingPathComponent("state.db").path,
                                              "--target", "nobody"])
        #expect(unknown.status == 2)
    }

    @Test func onceExitsOneWhenAProbeMissesItsExpectation() throws {
        let lab = try RunningLab()
        defer { lab.stop() }
        let plan = try String(contentsOf: lab.plan, encoding: .utf8)
            .replacingOccurrences(of: "expect: untrusted", with: "expect: ok")
        try plan.write(to: lab.plan, atomically: true, encoding: .utf8)
        let run = try MeshcertBinary.run(["watch", "--config", try config(lab).path, "--once"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains(#"meshcert_handshake_expected{target="frontend@appmesh->users@serviceconnect"} 0"#))
    }

    @Test func onceExitsOneWhenARenewalIsOverdue() throws {
        let lab = try RunningLab(["--rotate-every", "1s", "--lifetime", "60s", "--stall", "users"])
        defer { lab.stop() }
        let file = try config(lab, extra: "rotation:\n  lifetime: 60s\n  renewAt: 1s\n  tolerance: 3s")
        usleep(5_500_000)  // the stalled certificate is past notBefore + renewAt + tolerance (4 s)
        let run = try MeshcertBinary.run(["watch", "--config", file.path, "--once"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains(#"meshcert_rotation_renewal_overdue{target="frontend@serviceconnect->users@serviceconnect"} 1"#))
        #expect(run.stdout.contains(#"meshcert_rotation_renewal_overdue{target="frontend@serviceconnect->stock@serviceconnect"} 0"#))
        #expect(run.stderr.contains("renewal_overdue target=frontend@serviceconnect->users@serviceconnect"))
    }

    @Test(arguments: [
        ("handshake:\n  plan: plan.yaml\n  intervall: 5s\n", "watch.yaml:3: error: handshake.intervall: unknown key 'intervall'"),
        ("handshake:\n  plan: plan.yaml\n  interval: soon\n", "watch.yaml:3: error: handshake.interval: 'soon' is not a positive duration"),
        ("scan:\n  - paths: [no-such-folder]\n", "watch.yaml:2: error: scan[0].paths[0]: 'no-such-folder' does not exist"),
    ])
    func badConfigExitsTwoNamingFileFieldAndReason(text: String, message: String) throws {
        let lab = try RunningLab()
        defer { lab.stop() }
        let file = try lab.config(text)
        let run = try MeshcertBinary.run(["watch", "--config", file.path, "--once", "--state", lab.dir.appendingPathComponent("s.db").path])
        #expect(run.status == 2)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        let missing = try MeshcertBinary.run(["watch", "--config", lab.dir.appendingPathComponent("absent.yaml").path, "--once"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("absent.yaml: error: cannot read the config file"))
    }
}
