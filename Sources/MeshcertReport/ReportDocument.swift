import MeshcertAppMesh
import MeshcertAWS
import MeshcertHandshake
import MeshcertInventory
import MeshcertRotation
import MeshcertSupport

/// `meshcert.report.v1`, as report.json holds it: what the page shows, the joined services and
/// the component documents, so that the page can be regenerated (`--rerender`) and two reports
/// compared (`--previous`). report.json is this value encoded by `JSONValueEncoder` (fields in
/// declaration order, absent values as `null`).
public struct ReportDocument: Codable, Sendable, Equatable {
    public static let schema = "meshcert.report.v1"
    public static let generator = "meshcert 0.1.0"

    public var schema: String
    public var generator: String
    public var evaluatedAt: Instant
    public var inputs: ReportSources
    /// Problems met while running the components (shown in the report, never fatal).
    public var notes: [String]
    public var summary: ReportSummary
    public var services: [ServiceRow]
    public var handshakes: [HandshakeRow]
    public var sinceLastReport: SinceLastReport?
    public var components: ReportComponents
    public var charts: ReportCharts
    /// meshcert.migration.v1 (`--aws DIR`): the "Migration progress" section. Optional so that
    /// report.json files written before it (`--previous`, `--rerender`) still read.
    public var migration: MigrationDocument?

    public init(schema: String = ReportDocument.schema, generator: String = ReportDocument.generator, evaluatedAt: Instant,
                inputs: ReportSources, notes: [String], summary: ReportSummary, services: [ServiceRow], handshakes: [HandshakeRow],
                sinceLastReport: SinceLastReport?, components: ReportComponents, charts: ReportCharts, migration: MigrationDocument? = nil) {
        self.schema = schema
        self.generator = generator
        self.evaluatedAt = evaluatedAt
        self.inputs = inputs
        self.notes = notes
        self.summary = summary
        self.services = services
        self.handshakes = handshakes
        self.sinceLastReport = sinceLastReport
        self.components = components
        self.charts = charts
        self.migration = migration
    }

    /// report.json's text: the document rendered, with a final newline.
    public func text() throws -> String { try JSONValueEncoder().encode(self).render() + "\n" }

    /// report.json's text, and the document as reading that text back gives it (numbers as
    /// rounded there): the page is drawn from the latter, so that `--rerender` draws the same
    /// page byte for byte. It is decoded from the encoded tree as written (`JSON.asWritten`),
    /// not from the text: parsing the text again gives the same tree.
    public func written() throws -> (text: String, readBack: ReportDocument) {
        let tree = try JSONValueEncoder().encode(self)
        return (tree.render() + "\n", try JSONValueDecoder().decode(ReportDocument.self, from: tree.asWritten))
    }
}

/// The component documents, each exactly what its own subcommand prints with `--format json`
/// (`null` when that component did not run).
public struct ReportComponents: Codable, Sendable, Equatable {
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

    public init(scan: ScanDocument? = nil, mesh: MeshDocument? = nil, plan: MeshPlanDocument? = nil, rotation: RotationDocument? = nil,
                handshake: HandshakeComponent? = nil) {
        self.scan = scan
        self.mesh = mesh
        self.plan = plan
        self.rotation = rotation
        self.handshake = handshake
    }

    enum CodingKeys: String, CodingKey { case scan, mesh, plan, rotation, handshake }

    /// Each document as its subcommand writes it (the scan, mesh and plan documents through
    /// their own builders, which the Codable encoding is tested equal to); `null` when absent.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scan.map { $0.json() } ?? .null, forKey: .scan)
        try c.encode(mesh.map { $0.json() } ?? .null, forKey: .mesh)
        try c.encode(plan.map { $0.json() } ?? .null, forKey: .plan)
        if let rotation { try c.encode(rotation, forKey: .rotation) } else { try c.encode(JSON.null, forKey: .rotation) }
        if let handshake { try c.encode(handshake, forKey: .handshake) } else { try c.encode(JSON.null, forKey: .handshake) }
    }
}

/// The handshake component: a plan's `meshcert.handshake.v1` or the lab's `meshcert.lab.v1`,
/// read by its `schema` field and written as the document itself.
public enum HandshakeComponent: Codable, Sendable, Equatable {
    case plan(HandshakeDocument)
    case lab(LabDocument)

    enum SchemaKey: String, CodingKey { case schema }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: SchemaKey.self)
        let schema = try c.decode(String.self, forKey: .schema)
        switch schema {
        case HandshakeDocument.schema: self = .plan(try HandshakeDocument(from: decoder))
        case LabDocument.schema: self = .lab(try LabDocument(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(forKey: .schema, in: c,
                debugDescription: "'\(schema)' is not \(HandshakeDocument.schema) or \(LabDocument.schema)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .plan(let doc): try doc.encode(to: encoder)
        case .lab(let doc): try doc.encode(to: encoder)
        }
    }
}

/// Drawings made by the components, embedded as text.
public struct ReportCharts: Codable, Sendable, Equatable {
    /// The rotation timeline drawn by `meshcert rotate --timeline` (standalone SVG text).
    public var rotationTimelineSvg: String?

    public init(rotationTimelineSvg: String? = nil) { self.rotationTimelineSvg = rotationTimelineSvg }
}

/// What the report was built from: the paths and settings given on the command line.
public struct ReportSources: Codable, Sendable, Equatable {
    public var certs: [String]
    public var mesh: [String]
    public var scenario: String?
    public var plan: String?
    public var lab: Bool
    public var previous: String?
    public var trust: [String]
    public var tasksPerService: Int
    /// The Private CA the Service Connect plans name (only with a mesh).
    public var pcaArn: String?
    /// The `meshcert aws snapshot` folder (`--aws`); absent from reports written before it.
    public var aws: String?

    public init(certs: [String] = [], mesh: [String] = [], scenario: String? = nil, plan: String? = nil, lab: Bool = false,
                previous: String? = nil, trust: [String] = [], tasksPerService: Int = 1, pcaArn: String? = nil, aws: String? = nil) {
        self.certs = certs
        self.mesh = mesh
        self.scenario = scenario
        self.plan = plan
        self.lab = lab
        self.previous = previous
        self.trust = trust
        self.tasksPerService = tasksPerService
        self.pcaArn = pcaArn
        self.aws = aws
    }
}

/// Counts by code or reason, in first-seen order, written as a JSON object (`{"ok": 3}`).
public struct OrderedCounts: Codable, Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var count: Int
    }
    public var entries: [Entry]

    public init(_ entries: [Entry] = []) { self.entries = entries }

    /// Counts the keys, in the order they first appear.
    public init<S: Sequence>(counting keys: S) where S.Element == String {
        entries = []
        for k in keys { add(k) }
    }

    public mutating func add(_ key: String, _ n: Int = 1) {
        if let i = entries.firstIndex(where: { $0.key == key }) { entries[i].count += n } else { entries.append(Entry(key: key, count: n)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        for e in entries { try c.encode(e.count, forKey: AnyKey(e.key)) }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        entries = try c.allKeys.map { Entry(key: $0.stringValue, count: try c.decode(Int.self, forKey: $0)) }
    }
}
