import MeshcertSupport

/// The few lines `meshcert report` prints besides writing its files.
public enum ReportConsole {
    public static func summary(_ report: ReportDocument) -> String {
        let s = report.summary
        let at = report.evaluatedAt.description
        if s.empty && report.migration == nil {
            return "meshcert report at \(at): nothing to report (no App Mesh configuration, certificate, scenario or handshake in the inputs)"
        }
        var lines = ["meshcert report at \(at)"]
        if s.services.total > 0 {
            let blocked = s.blocked.map { b in "\(b.service) (\(b.blockedBy.joined(separator: ", ")))" }
            lines.append("services: \(s.services.ready) ready, \(s.services.blocked) blocked"
                         + (blocked.isEmpty ? "" : ": " + blocked.joined(separator: ", ")))
        }
        if let m = report.migration?.counts {
            lines.append("migration: \(m.total) services, \(m.migrated) migrated, \(m.shifting) shifting, \(m.greenDeployed) green deployed, "
                         + "\(m.notStarted) not started, \(m.blocked) blocked")
        }
        let c = s.certificates
        if c.scanned {
            lines.append("certificates: \(c.distinct) distinct, \(c.expired) expired, \(c.expiringSoon) expiring soon")
        }
        if let r = s.rotation {
            lines.append(r.worst.map { w in "rotation: exposed \(HTMLText.duration(r.exposedSeconds)); worst \(w.service ?? "") \(HTMLText.duration(w.exposedSeconds))" }
                         ?? "rotation: no exposure")
        }
        let h = s.handshakes
        if h.checks > 0 {
            lines.append("handshakes: \(h.checks) checks, \(h.failed) failed, \(h.missedExpectation) missed their expectation")
        }
        return lines.joined(separator: "\n")
    }
}
