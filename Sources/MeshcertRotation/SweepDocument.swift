import MeshcertSupport

/// The `meshcert.rotation.sweep.v1` document (`meshcert rotate sweep --format json`): one typed
/// model writes it and reads it back. Field order is declaration order; it is a public contract.
public struct SweepDocument: Codable, Sendable, Equatable {
    public static let schema = "meshcert.rotation.sweep.v1"

    /// Always `meshcert.rotation.sweep.v1`.
    public var schema: String
    public var scenario: ScenarioSection
    /// The rows: renewal ages tried, in the order given.
    public var renewAtSeconds: [Int64]
    /// The columns: outage lengths tried, in the order given (0: no outage).
    public var outageSeconds: [Int64]
    /// One cell per (renewAt, outage) pair, row by row.
    public var cells: [Cell]

    /// The base scenario the sweep varies.
    public struct ScenarioSection: Codable, Sendable, Equatable {
        public var file: String
        public var start: Instant
        public var end: Instant
        /// The seed's 64 bits read as a signed integer (as the document has always written it).
        public var seed: Int64
        public var lifetimeSeconds: Int64
        /// Where the column's outages start: `start + renewAt` or `scenario outage starts`.
        public var outagePlacement: String
    }

    /// One full simulation of the scenario with one renewal point and one outage length.
    public struct Cell: Codable, Sendable, Equatable {
        public var renewAtSeconds: Int64
        public var outageSeconds: Int64
        /// Any exposure at all (expired + not yet valid + untrusted above zero).
        public var exposed: Bool
        public var expiredSeconds: Int64
        public var notYetValidSeconds: Int64
        public var untrustedSeconds: Int64
        public var minMarginSeconds: Int64?
        public var issuances: Int
        public var failedRequests: Int
    }

    public init(file: String, base: Scenario, renewAts: [Int64], outages: [Int64], cells: [SweepCell]) {
        schema = Self.schema
        scenario = ScenarioSection(file: file, start: Instant(base.start), end: Instant(base.end), seed: Int64(bitPattern: base.seed),
                                   lifetimeSeconds: base.ca.lifetime,
                                   outagePlacement: base.ca.outages.isEmpty ? "start + renewAt" : "scenario outage starts")
        renewAtSeconds = renewAts
        outageSeconds = outages
        self.cells = cells.map { c in
            Cell(renewAtSeconds: c.renewAt, outageSeconds: c.outage, exposed: c.totals.exposedSeconds > 0,
                 expiredSeconds: c.totals.expiredSeconds, notYetValidSeconds: c.totals.notYetValidSeconds,
                 untrustedSeconds: c.totals.untrustedSeconds, minMarginSeconds: c.totals.minMarginSeconds,
                 issuances: c.totals.issuances, failedRequests: c.totals.failedRequests)
        }
    }

    /// The document as a `JSON` value.
    public func json() throws -> JSON { try JSONValueEncoder().encode(self) }

    /// The document as written by `--format json` (pretty, no trailing newline).
    public func render(pretty: Bool = true) throws -> String { try json().render(pretty: pretty) }
}
