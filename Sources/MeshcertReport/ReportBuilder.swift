import MeshcertSupport

/// Builds `meshcert.report.v1` from the component documents. Everything the page shows is in
/// this document, so the HTML can be regenerated from report.json alone and two reports diffed.
public enum ReportBuilder {
    public static let schema = "meshcert.report.v1"
    public static let generator = "meshcert 0.1.0"

    public static func build(_ inputs: ReportInputs, previous: JSON? = nil, previousPath: String? = nil) -> JSON {
        let handshakes = HandshakeRows.rows(inputs.handshake, services: inputs.handshakeServices)
        let services = ServiceJoin.services(inputs, handshakes: handshakes)
        let components: [(String, JSON)] = [
            ("scan", inputs.scan ?? .null), ("mesh", inputs.mesh ?? .null), ("plan", inputs.plan ?? .null),
            ("rotation", inputs.rotation ?? .null), ("handshake", inputs.handshake ?? .null),
        ]
        var doc: [(String, JSON)] = [
            ("schema", .string(schema)),
            ("generator", .string(generator)),
            ("evaluatedAt", .string(Timestamp.format(inputs.evaluatedAt))),
            ("inputs", .object(inputs.sources)),
            ("notes", .strings(inputs.notes)),
            ("summary", ReportSummary.summary(inputs, services: services, handshakes: handshakes)),
            ("services", .array(services)),
            ("handshakes", .array(handshakes)),
        ]
        let current = JSON.object(doc + [("components", .object(components))])
        doc.append(("sinceLastReport", previous.map { ReportDiff.diff(previous: $0, current: current, previousPath: previousPath) } ?? .null))
        doc.append(("components", .object(components)))
        doc.append(("charts", .object([("rotationTimelineSvg", .string(inputs.rotationTimelineSVG))])))
        return .object(doc)
    }
}

/// The handshake checks in one shape, whether they came from the lab or from a plan.
enum HandshakeRows {
    static func rows(_ doc: JSON?, services: [(client: String?, server: String?)]) -> [JSON] {
        guard let doc else { return [] }
        if doc["cells"] != nil {
            return doc["cells"]!.array.map { cell in
                row(cell["check"] ?? .null, client: cell["client"]?.stringValue, clientEnvironment: cell["clientEnvironment"]?.stringValue,
                    server: cell["server"]?.stringValue, serverEnvironment: cell["serverEnvironment"]?.stringValue,
                    clientCertificate: cell["clientCertificate"]?.bool)
            }
        }
        return doc[path: "checks"].array.enumerated().map { i, check in
            let pair = i < services.count ? services[i] : (client: nil, server: nil)
            // Without `server:` in the plan, the first label of the verified name is the best guess.
            let guess = check["serverName"]?.stringValue.flatMap { $0.split(separator: ".").first.map(String.init) }
            return row(check, client: pair.client, clientEnvironment: nil, server: pair.server ?? guess, serverEnvironment: nil,
                       clientCertificate: nil)
        }
    }

    static func row(_ check: JSON, client: String?, clientEnvironment: String?, server: String?, serverEnvironment: String?,
                    clientCertificate: Bool?) -> JSON {
        .object([
            ("name", .string(check[path: "name"].string)),
            ("client", .string(client)),
            ("clientEnvironment", .string(clientEnvironment)),
            ("server", .string(server)),
            ("serverEnvironment", .string(serverEnvironment)),
            ("target", .string(check[path: "target"].string)),
            ("clientCertificate", clientCertificate.map(JSON.bool) ?? .null),
            ("reason", .string(check[path: "reason"].string)),
            ("expected", .string(check[path: "expected"].string)),
            ("matchedExpectation", .bool(check[path: "matchedExpectation"].bool)),
            ("protocol", check[path: "protocol"]),
            ("clientAuth", .string(check[path: "clientAuth"].string)),
            ("serviceConnectCompatible", .bool(check[path: "serviceConnectCompatible"].bool)),
            ("detail", .string(check[path: "detail"].string)),
        ])
    }
}
