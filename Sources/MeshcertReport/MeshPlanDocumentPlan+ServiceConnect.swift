import MeshcertAppMesh
import MeshcertSupport

/// What the report shows of a plan's `serviceConnectConfiguration`, which is free-form by
/// design (the ECS structure as the plan writes it, read back as JSON).
extension MeshPlanDocument.Plan {
    var configuration: JSON { serviceConnectConfiguration ?? .null }
    var namespace: String? { configuration["namespace"]?.stringValue }
    private var configuredServices: [JSON] { configuration["services"]?.arrayValue ?? [] }
    var discoveryNames: [String] { configuredServices.map { $0["discoveryName"]?.stringValue ?? "" } }
    /// `dnsName:port` of every client alias.
    var clientAliases: [String] {
        configuredServices.flatMap { s in
            (s["clientAliases"]?.arrayValue ?? []).map { "\($0["dnsName"]?.stringValue ?? ""):\($0["port"]?.intValue ?? 0)" }
        }
    }
}
