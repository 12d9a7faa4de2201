/// How much a finding stands in the way of Service Connect.
public enum MeshSeverity: String, Sendable, Equatable, Comparable, CaseIterable {
    case blocker, warning, info

    var rank: Int { self == .blocker ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: MeshSeverity, b: MeshSeverity) -> Bool { a.rank < b.rank }
}

/// A readiness finding on a virtual node, gateway or route. Codes are a public contract.
public struct MeshFinding: Sendable, Equatable {
    public var code: String
    public var severity: MeshSeverity
    public var message: String
    public var fix: String

    public init(code: String, severity: MeshSeverity, message: String, fix: String) {
        self.code = code
        self.severity = severity
        self.message = message
        self.fix = fix
    }
}

/// The finding codes meshcert's `mesh` command can report, with their severities.
public enum MeshFindingCode {
    public static let mtlsServer = "mtls_server"                    // blocker
    public static let mtlsClient = "mtls_client"                    // blocker
    public static let weightedRouting = "weighted_routing"          // blocker
    public static let sharedMesh = "shared_mesh"                    // warning
    public static let permissiveTLS = "permissive_tls"              // warning
    public static let noTLS = "no_tls"                              // info
    public static let fileOrSDSCertificate = "file_or_sds_certificate" // info
    public static let generalPurposeCA = "general_purpose_ca"       // warning
    public static let dnsServiceDiscovery = "dns_service_discovery" // warning
    public static let virtualGateway = "virtual_gateway"            // warning
    /// A certificate file named in the configuration was not among the `--certs` files.
    public static let certificateFileMissing = "certificate_file_missing" // warning
    /// (`--certs`) a configured certificate and private key are not a pair.
    public static let keyMismatch = "certificate_key_mismatch"     // warning
    /// (`--certs`) a file-based trust (client policy or listener validation) holds a certificate
    /// that is not a root CA; App Mesh requires root CAs there.
    public static let trustNotRootCA = "trust_not_root_ca"          // warning
    /// An enforced client policy matches a wildcard SAN, or (`--certs`) a node presents a wildcard
    /// DNS SAN to callers whose client policy is enforced: wildcards work only when not enforced.
    public static let wildcardSANEnforced = "wildcard_san_enforced" // warning
    /// A router whose routes send different matches (path, prefix other than `/`, headers,
    /// method, query parameters, port, gRPC service or method) to different nodes.
    public static let matchRouting = "match_routing"                // blocker
    /// The same node defined differently in two files; the stricter definition is reported.
    public static let conflictingDefinitions = "conflicting_definitions" // warning
    /// A CRD node without `meshRef` whose mesh cannot be told (kept under `(unresolved)`).
    public static let unresolvedMesh = "unresolved_mesh"            // warning
}
