import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A real Prometheus (Debian's `prometheus`, installed by Scripts/setup.sh) scrapes a real
/// `meshcert watch` every second, `/metrics` and `/probe` through relabelling, while the lab
/// rotates certificates on a compressed clock with one service stalled, and a scanned folder's
/// `tls.crt` is renewed once by the test, then stalls (a file target, `file:PATH`).
@Suite(.serialized, .enabled(if: PrometheusBinary.path != nil,
                             "prometheus is not installed (Scripts/test.sh installs Debian's prometheus package)"))
struct WatchPrometheusTests {
    static let users = "frontend@serviceconnect->users@serviceconnect"
    static let stock = "frontend@serviceconnect->stock@serviceconnect"
    static let broken = "frontend@serviceconnect->users@appmesh"

    /// The value of an instant query's first sample; nil when the result is empty.
    func query(_ port: Int, _ promql: String) -> Double? {
        let (status, body) = RawHTTP.get(port, "/api/v1/query?query=" + RawHTTP.encode(promql))
        guard status == 200, let json = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
              let data = json["data"] as? [String: Any], let result = data["result"] as? [[String: Any]],
              let value = result.first?["value"] as? [Any], value.count == 2, let text = value[1] as? String else { return nil }
        return Double(text)
    }

    @Test func prometheusSeesProbesReasonsRotationAndAStalledRenewal() throws {
        let lab = try RunningLab(["--rotate-every", "3s", "--lifetime", "60s", "--stall", "stock"])
        defer { lab.stop() }
        let folder = try WatchFileRotationTests.Folder()
        defer { folder.remove() }
        try folder.renew(notBefore: Int64(Date().timeIntervalSince1970) - 2, lifetime: 60)
        let watchPort = try LoopbackProcess.freePort()
        let file = try lab.config("""
            scan:
              - paths: [\(folder.certs.path)]
                interval: 300ms
            handshake:
              plan: plan.yaml
              interval: 1s
              timeout: 5s
            rotation:
              lifetime: 60s
              renewAt: 3s
              tolerance: 5s
            """)
        let watch = try BackgroundMeshcert(["watch", "--config", file.path, "--listen", "127.0.0.1:\(watchPort)",
                                            "--state", lab.dir.appendingPathComponent("state.db").path], in: lab.dir)
        defer { watch.stop() }
        #expect(BackgroundMeshcert.eventually(60) { RawHTTP.get(watchPort, "/healthz").0 == 200 }, "\(watch.output)")

        let promPort = try LoopbackProcess.freePort()
        let targets = [Self.users, Self.stock, Self.broken].map { "'\($0)'" }.joined(separator: ", ")
        let config = lab.dir.appendingPathComponent("prometheus.yml")
        try """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: meshcert
                static_configs:
                  - targets: ['127.0.0.1:\(watchPort)']
              - job_name: meshcert-probe
                metrics_path: /probe
                static_configs:
                  - targets: [\(targets)]
                relabel_configs:
                  - source_labels: [__address__]
                    target_label: __param_target
                  - source_labels: [__param_target]
                    target_label: instance
                  - target_label: __address__
                    replacement: 127.0.0.1:\(watchPort)
            """.write(to: config, atomically: true, encoding: .utf8)
        let prometheus = try LoopbackProcess.start(PrometheusBinary.path!, [
            "--config.file=\(config.path)", "--storage.tsdb.path=\(lab.dir.appendingPathComponent("tsdb").path)",
            "--web.listen-address=127.0.0.1:\(promPort)", "--log.level=warn",
        ], port: promPort)
        defer { prometheus.stop() }

        // /metrics: good services up, broken ones down with their reason code.
        #expect(BackgroundMeshcert.eventually(90) { query(promPort, "probe_success{job=\"meshcert\",target=\"\(Self.users)\"}") == 1 },
                "\(prometheus.output())")
        #expect(query(promPort, "probe_success{job=\"meshcert\",target=\"\(Self.broken)\"}") == 0)
        #expect(query(promPort, "meshcert_handshake_reason{job=\"meshcert\",target=\"\(Self.broken)\",reason=\"client_certificate_required\"}") == 1)
        // /probe through relabelling: the target name becomes the instance.
        #expect(BackgroundMeshcert.eventually(60) { query(promPort, "probe_success{job=\"meshcert-probe\",instance=\"\(Self.users)\"}") == 1 })
        #expect(BackgroundMeshcert.eventually(30) { query(promPort, "probe_success{job=\"meshcert-probe\",instance=\"\(Self.broken)\"}") == 0 })

        // Rotation observed: the rotating service's changes rise.
        #expect(BackgroundMeshcert.eventually(60) {
            (query(promPort, "meshcert_rotation_changes_total{job=\"meshcert\",target=\"\(Self.users)\"}") ?? 0) >= 2
        })
        #expect(BackgroundMeshcert.eventually(30) {
            (query(promPort, "increase(meshcert_rotation_changes_total{job=\"meshcert\",target=\"\(Self.users)\"}[20s])") ?? 0) > 0
        })
        // The stalled service: renewal overdue while its certificate is still valid; the rotating one is not overdue.
        #expect(BackgroundMeshcert.eventually(60) {
            query(promPort, "meshcert_rotation_renewal_overdue{job=\"meshcert\",target=\"\(Self.stock)\"} == 1 and on(target) "
                  + "probe_ssl_earliest_cert_expiry{job=\"meshcert\",target=\"\(Self.stock)\"} > time()") == 1
        }, "\(watch.output)")
        #expect(query(promPort, "max_over_time(meshcert_rotation_renewal_overdue{job=\"meshcert\",target=\"\(Self.users)\"}[1m])") == 0)
        #expect(query(promPort, "meshcert_rotation_changes_total{job=\"meshcert\",target=\"\(Self.stock)\"}") == 0)
        // The log line comes with the next probe of the target (the page evaluates at scrape time).
        #expect(BackgroundMeshcert.eventually(30) { watch.output.contains("renewal_overdue target=\(Self.stock)") }, "\(watch.output)")

        // The scanned file: its x509_cert_* series and its rotation target, renewed once by an
        // agent (the test), then stalled: overdue from its new notBefore + 3 s + 5 s on.
        let fileTarget = "target=\"\(folder.target)\""
        let notAfter = "max(x509_cert_not_after{job=\"meshcert\",filepath=\"\(folder.leaf)\"})"
        #expect(BackgroundMeshcert.eventually(30) { query(promPort, notAfter) != nil }, "\(watch.output)")
        #expect(query(promPort, "meshcert_rotation_changes_total{job=\"meshcert\",\(fileTarget)}") == 0)
        let renewedAt = Int64(Date().timeIntervalSince1970)
        try folder.renew(notBefore: renewedAt, lifetime: 60)
        #expect(BackgroundMeshcert.eventually(30) {
            query(promPort, "meshcert_rotation_changes_total{job=\"meshcert\",\(fileTarget)}") == 1
        }, "\(watch.output)")
        #expect(BackgroundMeshcert.eventually(10) { query(promPort, notAfter) == Double(renewedAt + 60) })
        #expect(BackgroundMeshcert.eventually(40) {
            query(promPort, "meshcert_rotation_renewal_overdue{job=\"meshcert\",\(fileTarget)} == 1 and on(target) "
                  + "meshcert_rotation_changes_total{job=\"meshcert\",\(fileTarget)} == 1") == 1
        }, "\(watch.output)")
    }
}

/// Debian's prometheus, where installed.
enum PrometheusBinary {
    static let path: String? = ["/usr/bin/prometheus", "/usr/local/bin/prometheus"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
}
