import MeshcertSupport

/// Renders a lab run for people: the servers, then the matrix with the reason in every cell
/// (its JSON is `LabDocument`).
public enum LabReport {
    public static let schema = LabDocument.schema

    public static func table(_ world: LabWorld, _ results: [HandshakeCheckResult], colour: Bool) -> String {
        var servers = TextTable(header: ["SERVER", "LISTENS", "NAME", "TLS", "CLIENT CERT", "CERTIFICATE"])
        for s in world.servers {
            servers.add(["\(s.service)@\(s.environment.rawValue)", s.target.description, s.serverName, s.tls,
                         s.clientCertificate == .required ? "required" : "none",
                         s.certificate + (s.fault.map { "  [fault: \($0.rawValue)]" } ?? "")])
        }
        var matrix = TextTable(header: ["CLIENT", "SERVER", "CLIENT CERT", "REASON", "EXPECTED", "TLS", "CLIENT-AUTH", "SC"])
        for (cell, r) in zip(world.cells, results) {
            let mark = r.matchedExpectation ? r.reason.rawValue : "\(r.reason.rawValue) (!)"
            matrix.add(["\(cell.client)@\(cell.clientEnvironment.rawValue)", "\(cell.server)@\(cell.serverEnvironment.rawValue)",
                        cell.withClientCertificate ? "yes" : "no",
                        Terminal.paint(mark, r.matchedExpectation ? (r.reason == .ok ? .green : .yellow) : .red, enabled: colour),
                        r.check.expect.rawValue, r.protocolVersion ?? "-", r.clientAuth.rawValue,
                        r.serviceConnectCompatible ? "yes" : "no"])
        }
        var out = "Servers (verification time \(Timestamp.format(world.options.at))):\n" + servers.render(indent: "  ")
        out += "\n\nMatrix:\n" + matrix.render(indent: "  ") + "\n\nDiagnoses:\n"
        var seen = Set<String>()
        for (cell, r) in zip(world.cells, results) where r.reason != .ok {
            let key = "\(cell.clientEnvironment)->\(cell.server)@\(cell.serverEnvironment)/\(r.reason)"
            guard seen.insert(key).inserted else { continue }
            out += "  \(cell.client)@\(cell.clientEnvironment.rawValue) -> \(cell.server)@\(cell.serverEnvironment.rawValue)"
                + (cell.withClientCertificate ? " (client cert)" : "") + ": \(r.reason.rawValue): \(r.detail)\n"
        }
        let matched = results.filter(\.matchedExpectation).count
        out += "\n\(matched) of \(results.count) cells as expected"
        return out
    }
}
