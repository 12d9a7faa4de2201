import Foundation
import MeshcertSupport

/// What every cell of the lab matrix must show, and the same matrix as a plan file.
extension LabWorld {
    /// What each cell must show. App Mesh clients trust only the general-purpose root; Service
    /// Connect clients trust their CA and (during the migration) that root, and offer TLS 1.3 only.
    static func expectation(clientEnv: LabEnvironment, server: LabServerInfo, withClientCertificate: Bool) -> HandshakeReason {
        if server.environment == .appmesh {
            return withClientCertificate ? .ok : .clientCertificateRequired
        }
        if clientEnv == .appmesh { return .untrusted }
        switch server.fault {
        case nil: return .ok
        case .expired: return .expired
        case .wrongName: return .hostnameMismatch
        case .untrusted: return .untrusted
        case .tls12Only: return .protocolMismatch
        case .mtls: return withClientCertificate ? .ok : .clientCertificateRequired
        }
    }

    /// A plan file for `meshcert handshake --plan` with every cell and its expectation.
    public func planYAML() -> String {
        var out = "# Written by `meshcert lab serve` at \(Timestamp.format(options.at)); servers live while it runs.\n"
        out += "# Run: meshcert handshake --plan THIS_FILE --at \(Timestamp.format(options.at))\n"
        if let fault = options.fault { out += "# Fault injected: \(fault.rawValue)\n" }
        out += "checks:\n"
        for cell in cells {
            let c = cell.check
            out += "  - name: \(quoted(c.name))\n"
            out += "    client: \(quoted(cell.client))\n"
            out += "    server: \(quoted(cell.server))\n"
            out += "    connect: \(quoted(c.target.description))\n"
            if let name = c.serverName { out += "    serverName: \(quoted(name))\n" }
            out += "    trust: \(quoted(c.client.trustFile))\n"
            if let cert = c.client.certificateFile, let key = c.client.keyFile {
                out += "    clientCertificate: {cert: \(quoted(cert)), key: \(quoted(key))}\n"
            }
            if c.client.minVersion == .tls13 { out += "    minTLS: \"1.3\"\n" }
            out += "    expect: \(c.expect.rawValue)\n"
        }
        return out
    }

    /// A YAML double-quoted scalar (paths may hold spaces, colons or '#').
    private func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
