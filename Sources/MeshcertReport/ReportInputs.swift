import MeshcertAppMesh
import MeshcertAWS
import MeshcertHandshake
import MeshcertInventory
import MeshcertRotation
import MeshcertSupport

/// What `meshcert report` ran, as the typed component documents (each exactly what its own
/// subcommand prints with `--format json`), plus the few things those documents do not carry.
public struct ReportInputs: Sendable {
    public var evaluatedAt: EpochSeconds
    /// Paths and settings given on the command line.
    public var sources: ReportSources
    /// meshcert.scan.v1
    public var scan: ScanDocument?
    /// meshcert.mesh.v1
    public var mesh: MeshDocument?
    /// meshcert.mesh.plan.v1
    public var plan: MeshPlanDocument?
    /// meshcert.rotation.v1
    public var rotation: RotationDocument?
    /// meshcert.handshake.v1 (`--plan`) or meshcert.lab.v1 (`--lab`)
    public var handshake: HandshakeComponent?
    /// For meshcert.handshake.v1: the calling and called service of each check, in check order
    /// (the plan's `client:`/`server:`), which the handshake document does not repeat.
    public var handshakeServices: [(client: String?, server: String?)]
    /// The rotation timeline drawn by `meshcert rotate --timeline` (standalone SVG text).
    public var rotationTimelineSVG: String?
    /// Problems met while running the components (shown in the report, never fatal).
    public var notes: [String]
    /// meshcert.migration.v1 (`--aws DIR`)
    public var migration: MigrationDocument?

    public init(evaluatedAt: EpochSeconds, sources: ReportSources = ReportSources(), scan: ScanDocument? = nil, mesh: MeshDocument? = nil,
                plan: MeshPlanDocument? = nil, rotation: RotationDocument? = nil, handshake: HandshakeComponent? = nil,
                handshakeServices: [(client: String?, server: String?)] = [], rotationTimelineSVG: String? = nil,
                notes: [String] = []) {
        self.evaluatedAt = evaluatedAt
        self.sources = sources
        self.scan = scan
        self.mesh = mesh
        self.plan = plan
        self.rotation = rotation
        self.handshake = handshake
        self.handshakeServices = handshakeServices
        self.rotationTimelineSVG = rotationTimelineSVG
        self.notes = notes
    }
}
