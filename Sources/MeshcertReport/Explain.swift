/// One-line explanations of codes for people reading the page.
enum Explain {
    static func blocker(_ code: String) -> String {
        switch code {
        case "mtls_server": return "requires client certificates: Service Connect has no mutual TLS"
        case "mtls_client": return "presents a client certificate: Service Connect has no mutual TLS"
        case "weighted_routing": return "a weighted route splits its traffic: Service Connect has no version-weighted routing"
        case "match_routing": return "a router sends different requests (path, header, method...) to different nodes: Service Connect routes by service name only"
        default: return "see its findings"
        }
    }

    static func status(_ status: String) -> (text: String, tone: String) {
        switch status {
        case "ready": return ("READY", "ok")
        case "blocked": return ("BLOCKED", "bad")
        case "gateway": return ("GATEWAY", "warn")
        default: return ("NOT IN MESH", "muted")
        }
    }

    static func reasonTone(_ reason: String, matched: Bool) -> String {
        if !matched { return "bad" }
        return reason == "ok" ? "ok" : "warn"
    }
}
