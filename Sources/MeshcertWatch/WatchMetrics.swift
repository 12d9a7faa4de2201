/// Everything a page shows, copied out of the watcher under its lock (a scrape never waits
/// for a probe or a scan).
public struct WatchSnapshot: Sendable {
    public var scans: [ScanObservation] = []
    public var probes: [ProbeObservation] = []
    public var rotation: [RotationStatus] = []
    /// 1 when the last config (re)load succeeded; nil on `/probe` pages.
    public var lastReloadSuccessful: Bool?
    /// Probes completed since start; nil on `/probe` pages and with `--once`.
    public var probesTotal: Int?
}

/// The metric names and labels of `meshcert watch`: a public contract (README, docs/watch.md).
public enum WatchMetrics {
    public static func render(_ s: WatchSnapshot) -> String {
        var e = Exposition()
        // Files: the scan's own x509_cert_* series, then each entry's health.
        for scan in s.scans {
            for f in scan.families { e.family(f.name, f.kind, f.help) }
            for sample in scan.samples { e.rawSample(sample.family, sample.line) }
        }
        if !s.scans.isEmpty {
            e.family("meshcert_scan_errors", .gauge, "Problems of the last scan of each entry, by code (files that could not be read, missing paths).")
            for scan in s.scans {
                for code in scan.errors.keys.sorted() {
                    e.sample("meshcert_scan_errors", [("scan", scan.name), ("code", code)], Double(scan.errors[code]!))
                }
            }
            e.family("meshcert_scan_certificates", .gauge, "Distinct certificates found by the last successful scan of each entry.")
            for scan in s.scans where !scan.failed { e.sample("meshcert_scan_certificates", [("scan", scan.name)], Double(scan.certificates)) }
            e.family("meshcert_scan_last_success_timestamp_seconds", .gauge, "When a scan of each entry last completed (Unix seconds).")
            for scan in s.scans {
                if let t = scan.lastSuccess { e.sample("meshcert_scan_last_success_timestamp_seconds", [("scan", scan.name)], Double(t)) }
            }
        }
        // Endpoints: blackbox_exporter's names, then meshcert's reasons.
        if !s.probes.isEmpty {
            e.family("probe_success", .gauge, "1 when the TLS handshake completed and verified, else 0.")
            e.family("probe_duration_seconds", .gauge, "How long the probe took (connect, handshake, post-handshake read).")
            e.family("probe_ssl_earliest_cert_expiry", .gauge, "The earliest notAfter in the chain the server sent (Unix seconds).")
            e.family("probe_ssl_last_chain_expiry_timestamp_seconds", .gauge, "The earliest notAfter of the verified chain (Unix seconds).")
            e.family("probe_tls_version_info", .gauge, "The negotiated TLS version.")
            e.family("meshcert_handshake_reason", .gauge, "The diagnosis of the last probe: 1 for its reason code.")
            e.family("meshcert_handshake_expected", .gauge, "1 when the last probe showed the reason its plan check expects.")
            for p in s.probes {
                let t = [("target", p.target)]
                e.sample("probe_success", t, p.success ? 1 : 0)
                e.sample("probe_duration_seconds", t, (p.duration * 1e6).rounded() / 1e6)
                if let x = p.earliestExpiry { e.sample("probe_ssl_earliest_cert_expiry", t, Double(x)) }
                if let x = p.verifiedChainExpiry { e.sample("probe_ssl_last_chain_expiry_timestamp_seconds", t, Double(x)) }
                if let v = p.tlsVersion { e.sample("probe_tls_version_info", t + [("version", v)], 1) }
                e.sample("meshcert_handshake_reason", t + [("reason", p.reason.rawValue)], 1)
                e.sample("meshcert_handshake_expected", t, p.matchedExpectation ? 1 : 0)
            }
        }
        // Observed rotation, per target with a certificate in the history.
        let seen = s.rotation.filter { $0.certificateAge != nil || $0.changes > 0 }
        if !seen.isEmpty {
            e.family("meshcert_rotation_certificate_age_seconds", .gauge, "Age of the certificate the target serves (now - notBefore).")
            e.family("meshcert_rotation_last_change_timestamp_seconds", .gauge, "When the served certificate (serial) last changed (Unix seconds).")
            e.family("meshcert_rotation_observed_interval_seconds", .gauge, "notBefore difference between the served certificate and the one before it.")
            e.family("meshcert_rotation_changes_total", .counter, "Changes of the served certificate observed so far.")
            e.family("meshcert_rotation_renewal_overdue", .gauge,
                     "1 when a short-lived certificate is still served past notBefore + renewAt + tolerance.")
            for r in seen {
                let t = [("target", r.target)]
                if let a = r.certificateAge { e.sample("meshcert_rotation_certificate_age_seconds", t, Double(a)) }
                if let c = r.lastChange { e.sample("meshcert_rotation_last_change_timestamp_seconds", t, Double(c)) }
                if let i = r.observedInterval { e.sample("meshcert_rotation_observed_interval_seconds", t, Double(i)) }
                e.sample("meshcert_rotation_changes_total", t, Double(r.changes))
                e.sample("meshcert_rotation_renewal_overdue", t, r.renewalOverdue ? 1 : 0)
            }
        }
        if let ok = s.lastReloadSuccessful {
            e.family("meshcert_watch_config_last_reload_successful", .gauge, "1 when the last config load or SIGHUP reload succeeded.")
            e.sample("meshcert_watch_config_last_reload_successful", [], ok ? 1 : 0)
        }
        if let n = s.probesTotal {
            e.family("meshcert_watch_probes_total", .counter, "Probes completed since the exporter started.")
            e.sample("meshcert_watch_probes_total", [], Double(n))
        }
        return e.render()
    }
}
