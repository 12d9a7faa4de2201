import MeshcertSupport

/// The few lines `meshcert report` prints besides writing its files.
public enum ReportConsole {
    public static func summary(_ report: JSON) -> String {
        let s = report[path: "summary"]
        if s[path: "empty"].bool {
            return "meshcert report at \(report[path: "evaluatedAt"].string): nothing to report (no App Mesh configuration, certificate, scenario or handshake in the inputs)"
        }
        var lines = ["meshcert report at \(report[path: "evaluatedAt"].string)"]
        let sv = s[path: "services"]
        if sv[path: "total"].int > 0 {
            let blocked = s[path: "blocked"].array.map { b in
                "\(b[path: "service"].string) (\(b[path: "blockedBy"].array.map(\.string).joined(separator: ", ")))"
            }
            lines.append("services: \(sv[path: "ready"].int) ready, \(sv[path: "blocked"].int) blocked"
                         + (blocked.isEmpty ? "" : ": " + blocked.joined(separator: ", ")))
        }
        let c = s[path: "certificates"]
        if c[path: "scanned"].bool {
            lines.append("certificates: \(c[path: "distinct"].int) distinct, \(c[path: "expired"].int) expired, \(c[path: "expiringSoon"].int) expiring soon")
        }
        let r = s[path: "rotation"]
        if !r.isNull {
            let w = r[path: "worst"]
            lines.append(w.isNull ? "rotation: no exposure"
                         : "rotation: exposed \(HTMLText.duration(r[path: "exposedSeconds"].int)); worst \(w[path: "service"].string) \(HTMLText.duration(w[path: "exposedSeconds"].int))")
        }
        let h = s[path: "handshakes"]
        if h[path: "checks"].int > 0 {
            lines.append("handshakes: \(h[path: "checks"].int) checks, \(h[path: "failed"].int) failed, \(h[path: "missedExpectation"].int) missed their expectation")
        }
        return lines.joined(separator: "\n")
    }
}
