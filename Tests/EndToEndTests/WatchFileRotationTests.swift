import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Rotation of scanned files: an agent rewrites `tls.crt` in a scanned folder and `meshcert watch`
/// sees the change, or the stall, exactly as for an endpoint. Real files issued by Certs/generate.py's
/// helpers (python3 cryptography), the real binary, the real SQLite history.
@Suite(.serialized) struct WatchFileRotationTests {
    /// A folder as an Envoy sidecar's: `certs/tls.crt` (leaf), `certs/tls.key`, `certs/ca.pem`
    /// (a CA bundle); the issuing CA's key lives outside the scanned folder, as an agent's would.
    struct Folder {
        let dir: URL
        var certs: URL { dir.appendingPathComponent("certs") }
        var leaf: String { certs.appendingPathComponent("tls.crt").path }
        var target: String { "file:" + leaf }
        var state: String { dir.appendingPathComponent("state.db").path }

        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-file-rotation-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("certs"), withIntermediateDirectories: true)
            _ = try Self.python(["ca", dir.path])
        }

        /// Issues a new leaf valid `lifetime` seconds from `notBefore` and moves it over `tls.crt`
        /// (write then rename, as rotation agents do). Returns its SHA-256 (lowercase hex of the DER).
        @discardableResult
        func renew(notBefore: Int64, lifetime: Int64) throws -> String {
            try Self.python(["leaf", dir.path, "\(notBefore)", "\(lifetime)"]).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func config(_ text: String) throws -> String {
            let url = dir.appendingPathComponent("watch.yaml")
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }

        func remove() { try? FileManager.default.removeItem(at: dir) }

        static func python(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", issueScript] + arguments
            process.currentDirectoryURL = MeshcertBinary.repoRoot
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try MeshcertBinary.launch(process)
            let data = out.fileHandleForReading.readDataToEndOfFile()
            let errors = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey:
                    "python3 with cryptography (as Certs/generate.py) is needed: " + String(decoding: errors, as: UTF8.self)])
            }
            return String(decoding: data, as: UTF8.self)
        }

        /// `ca DIR`: a root (DIR/pki/ca.pem + key) and the bundle DIR/certs/ca.pem;
        /// `leaf DIR NOT_BEFORE LIFETIME`: a server certificate into DIR/certs/tls.crt (+ tls.key).
        static let issueScript = """
            import sys, os, datetime as dt, hashlib
            sys.path.insert(0, "Certs")
            import generate as g
            from cryptography import x509
            from cryptography.hazmat.primitives import serialization
            from cryptography.hazmat.primitives.asymmetric import ec
            from cryptography.x509.oid import ExtendedKeyUsageOID
            mode, out = sys.argv[1], sys.argv[2]
            if mode == "ca":
                key = ec.generate_private_key(ec.SECP256R1())
                n = g.name("File Rotation Test CA", "pki")
                ca = g.issue(n, key, n, key, g.T(2026, 1, 1), g.T(2036, 1, 1), ca=True, serial=x509.random_serial_number())
                g.write(out + "/pki/ca.pem", g.pem(ca))
                g.write(out + "/pki/ca.key", g.key_pem(key), 0o600)
                g.write(out + "/certs/ca.pem", g.pem(ca))
            else:
                ca = x509.load_pem_x509_certificate(open(out + "/pki/ca.pem", "rb").read())
                ca_key = serialization.load_pem_private_key(open(out + "/pki/ca.key", "rb").read(), None)
                nb = dt.datetime.fromtimestamp(int(sys.argv[3]), g.UTC)
                key = ec.generate_private_key(ec.SECP256R1())
                cert = g.issue(g.name("users.sc.internal", "service connect"), key, ca.subject, ca_key, nb,
                               nb + dt.timedelta(seconds=int(sys.argv[4])), eku=[ExtendedKeyUsageOID.SERVER_AUTH],
                               dns=["users.sc.internal"], issuer_cert=ca, serial=x509.random_serial_number())
                g.write(out + "/certs/tls.key.new", g.key_pem(key), 0o600)
                g.write(out + "/certs/tls.crt.new", g.pem(cert))
                os.rename(out + "/certs/tls.key.new", out + "/certs/tls.key")
                os.rename(out + "/certs/tls.crt.new", out + "/certs/tls.crt")
                print(hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest())
            """
    }

    static func sample(_ page: String, _ series: String) -> Double? {
        for line in page.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    static func epoch(_ text: String) -> Int64 {
        Int64(ISO8601DateFormatter().date(from: text)!.timeIntervalSince1970)
    }

    /// `--once` at chosen times: a renewal is one change with the right interval, both
    /// certificates are in the history, a stalled file is overdue (exit 1), the CA bundle and
    /// the key are never subjects, and a file that vanishes stops its series.
    @Test func renewedFileIsAChangeAndAStalledOneIsOverdue() throws {
        let f = try Folder()
        defer { f.remove() }
        let day: Int64 = 86400
        let t0 = Self.epoch("2026-12-01T00:00:00Z")
        let first = try f.renew(notBefore: t0, lifetime: 7 * day)
        let config = try f.config("""
            state: state.db
            scan:
              - name: envoy
                paths: [certs]
                interval: 1m
            """)
        func once(_ at: String, _ extra: [String] = []) throws -> MeshcertRun {
            try MeshcertBinary.run(["watch", "--config", config, "--once", "--at", at] + extra)
        }
        let t = #"{target="\#(f.target)"}"#

        let run1 = try once("2026-12-01T01:00:00Z")
        #expect(run1.status == 0, "\(run1.stderr)")
        #expect(Self.sample(run1.stdout, "meshcert_rotation_changes_total" + t) == 0, "\(run1.stdout)")
        #expect(Self.sample(run1.stdout, "meshcert_rotation_renewal_overdue" + t) == 0)
        #expect(Self.sample(run1.stdout, "meshcert_rotation_certificate_age_seconds" + t) == 3600)
        // A CA bundle and a key file are no rotation subjects.
        #expect(!run1.stdout.contains("file:" + f.certs.appendingPathComponent("ca.pem").path), "\(run1.stdout)")
        #expect(!run1.stdout.contains("tls.key"))
        #expect(Self.sample(run1.stdout, #"meshcert_scan_certificates{scan="envoy"}"#) == 2)

        // The agent renews on day 5; the next run (a new process) sees one change.
        let second = try f.renew(notBefore: t0 + 5 * day, lifetime: 7 * day)
        let run2 = try once("2026-12-06T00:30:00Z")
        #expect(run2.status == 0, "\(run2.stderr)")
        #expect(Self.sample(run2.stdout, "meshcert_rotation_changes_total" + t) == 1, "\(run2.stdout)")
        #expect(Self.sample(run2.stdout, "meshcert_rotation_observed_interval_seconds" + t) == Double(5 * day))
        #expect(Self.sample(run2.stdout, "meshcert_rotation_last_change_timestamp_seconds" + t) == Double(Self.epoch("2026-12-06T00:30:00Z")))
        #expect(Self.sample(run2.stdout, "meshcert_rotation_renewal_overdue" + t) == 0)
        #expect(run2.stderr.contains("certificate_changed target=\(f.target) serial="), "\(run2.stderr)")
        #expect(run2.stderr.contains("sha256=\(second) not_after=2026-12-13T00:00:00Z"))

        let history = try MeshcertBinary.run(["watch", "history", "--state", f.state, "--target", f.target, "--format", "json"])
        #expect(history.status == 0, "\(history.stderr)")
        let targets = try #require(try history.json()["targets"] as? [[String: Any]])
        #expect(targets.first?["changes"] as? Int == 1)
        #expect(targets.first?["current"] as? String == second)
        let certificates = (targets.first?["certificates"] as? [[String: Any]]) ?? []
        #expect(certificates.map { $0["sha256"] as? String } == [first, second])
        #expect(certificates.first?["firstSeen"] as? String == "2026-12-01T01:00:00Z")
        #expect(certificates.first?["lastSeen"] as? String == "2026-12-01T01:00:00Z")

        // No renewal after that: past notBefore + renewAt (5d) + tolerance (1h) it is overdue.
        let run3 = try once("2026-12-11T01:00:00Z", ["--log-format", "json"])
        #expect(run3.status == 1, "\(run3.stderr)")
        #expect(Self.sample(run3.stdout, "meshcert_rotation_renewal_overdue" + t) == 1)
        #expect(Self.sample(run3.stdout, "meshcert_rotation_changes_total" + t) == 1)  // counted across restarts
        let overdue = run3.stderr.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .first { $0["event"] as? String == "renewal_overdue" }
        #expect(overdue?["target"] as? String == f.target, "\(run3.stderr)")
        #expect(overdue?["since"] as? String == "2026-12-11T01:00:00Z")
        // An hour earlier it was not yet.
        #expect(try once("2026-12-11T00:59:59Z").status == 0)

        // The file goes away: its series stop, its history stays.
        try FileManager.default.removeItem(atPath: f.leaf)
        let run4 = try once("2026-12-11T02:00:00Z")
        #expect(run4.status == 0, "\(run4.stderr)")
        #expect(!run4.stdout.contains(f.target))
        let kept = try MeshcertBinary.run(["watch", "history", "--state", f.state, "--target", f.target])
        #expect(kept.status == 0 && kept.stdout.contains("\(f.target): 1 change"), "\(kept.stdout)\(kept.stderr)")
    }

    /// The running exporter rescanning every 300 ms: the file's renewal shows on /metrics as a
    /// change with the certificates' notBefore difference, then the stall as overdue.
    @Test func runningExporterSeesTheFileRotateAndStall() throws {
        let f = try Folder()
        defer { f.remove() }
        let start = Int64(Date().timeIntervalSince1970)
        try f.renew(notBefore: start - 5, lifetime: 60)
        let config = try f.config("""
            scan:
              - paths: [certs]
                interval: 300ms
            rotation:
              lifetime: 60s
              renewAt: 25s
              tolerance: 2s
            """)
        let port = try LoopbackProcess.freePort()
        let watch = try BackgroundMeshcert(["watch", "--config", config, "--listen", "127.0.0.1:\(port)", "--state", f.state], in: f.dir)
        defer { watch.stop() }
        let t = #"{target="\#(f.target)"}"#
        var page = ""
        #expect(BackgroundMeshcert.eventually(30) {
            page = RawHTTP.get(port, "/metrics").1
            return Self.sample(page, "meshcert_rotation_changes_total" + t) == 0
        }, "\(page)\n\(watch.output)")

        // Renewed with a notBefore 5 s later than the first: one change, interval 5 s.
        let renewed = try f.renew(notBefore: start, lifetime: 60)
        #expect(BackgroundMeshcert.eventually(30) {
            page = RawHTTP.get(port, "/metrics").1
            return Self.sample(page, "meshcert_rotation_changes_total" + t) == 1
        }, "\(page)\n\(watch.output)")
        #expect(Self.sample(page, "meshcert_rotation_observed_interval_seconds" + t) == 5)
        #expect(Self.sample(page, "meshcert_rotation_renewal_overdue" + t) == 0)
        #expect(BackgroundMeshcert.eventually(10) { watch.output.contains("certificate_changed target=\(f.target) serial=") })
        #expect(watch.output.contains("sha256=\(renewed)"))

        // Stalled: overdue from notBefore + 27 s on, before the certificate expires (60 s).
        #expect(BackgroundMeshcert.eventually(40) {
            page = RawHTTP.get(port, "/metrics").1
            return Self.sample(page, "meshcert_rotation_renewal_overdue" + t) == 1
        }, "\(page)\n\(watch.output)")
        #expect(Int64(Date().timeIntervalSince1970) < start + 60)
        #expect(BackgroundMeshcert.eventually(10) { watch.output.contains("renewal_overdue target=\(f.target) serial=") }, "\(watch.output)")
    }
}
