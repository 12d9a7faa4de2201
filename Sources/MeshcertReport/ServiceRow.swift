import MeshcertSupport

/// One service of the report, joining what each component knows about it: its App Mesh TLS
/// setup, its certificates, its Service Connect plan, its rotation exposure and its handshakes.
public struct ServiceRow: Codable, Sendable, Equatable {
    /// The node's name (`mesh/node` when two meshes share a node name), or the name the
    /// rotation or the handshakes give.
    public var name: String
    public var mesh: String?
    /// `virtualNode`, `virtualGateway`, or `service` for a service only the rotation or the handshakes name.
    public var kind: String
    public var status: Status
    /// Distinct blocker codes, in order.
    public var blockedBy: [String]
    /// nil: not in the App Mesh inputs.
    public var appMesh: AppMeshSetup?
    public var blockers: [Blocker]
    public var certificates: [ServiceCertificate]
    /// nil: no Service Connect plan for this service.
    public var serviceConnect: ServiceConnectPlanRow?
    /// nil: not simulated.
    public var rotation: RotationRow?
    public var handshakes: Handshakes

    public enum Status: String, Codable, Sendable {
        case ready, blocked, gateway
        case notInMesh = "not_in_mesh"
    }

    /// The App Mesh TLS setup in a few words: listeners, mutual TLS, discovery.
    public struct AppMeshSetup: Codable, Sendable, Equatable {
        public var listeners: [String]
        public var mutualTLS: [String]
        public var serviceDiscovery: String?
        public var backends: [String]
        public var shared: Bool
        public var weightedRouteTarget: Bool
        public var warnings: [String]
        public var infos: [String]
    }

    public struct Blocker: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
        public var fix: String?
    }

    /// A certificate the service uses: linked through a configured file, or naming the service.
    public struct ServiceCertificate: Codable, Sendable, Equatable {
        public var sha256: String
        public var subjectCommonName: String?
        public var role: String
        public var configuredPath: String?
        /// `configured_file`, `dns_name`, `client_common_name` or `common_name`.
        public var matchedBy: String
        public var usageMode: String?
        public var notAfter: String
        public var status: String
        public var findings: [String]
    }

    public struct ServiceConnectPlanRow: Codable, Sendable, Equatable {
        public var ready: Bool
        public var namespace: String?
        public var discoveryNames: [String]
        public var clientAliases: [String]
        public var warnings: [String]
        public var notes: [String]
        /// The plan's Service Connect configuration, as `meshcert mesh plan` prints it.
        public var serviceConnectConfiguration: JSON
    }

    public struct RotationRow: Codable, Sendable, Equatable {
        public var tasks: Int
        public var issuances: Int
        public var exposedSeconds: Int64
        public var expiredSeconds: Int64
        public var notYetValidSeconds: Int64
        public var untrustedSeconds: Int64
        public var minMarginSeconds: Int64?
        public var exposureWindows: Int
    }

    public struct Handshakes: Codable, Sendable, Equatable {
        public var asServer: HandshakeCounts
        public var asClient: HandshakeCounts
    }

    public struct HandshakeCounts: Codable, Sendable, Equatable {
        public var checks, ok, missedExpectation, serviceConnectCompatible: Int
        public var reasons: OrderedCounts
    }
}
