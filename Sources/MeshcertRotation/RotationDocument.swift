import MeshcertSupport

/// The `meshcert.rotation.v1` document (`meshcert rotate simulate --format json`): one typed
/// model writes it and reads it back. Field order is declaration order; it is a public contract.
public struct RotationDocument: Codable, Sendable, Equatable {
    public static let schema = "meshcert.rotation.v1"

    /// Always `meshcert.rotation.v1`.
    public var schema: String
    public var scenario: ScenarioSection
    /// The scenario's warnings, as printed on stderr.
    public var warnings: [String]
    public var services: [ServiceSection]
    public var totals: TotalsSection
    public var cost: CostSection

    /// The scenario as simulated.
    public struct ScenarioSection: Codable, Sendable, Equatable {
        /// The scenario file as given on the command line.
        public var file: String
        public var start: Instant
        public var end: Instant
        /// The seed's 64 bits read as a signed integer (as the document has always written it).
        public var seed: Int64
        public var mode: CAMode
        public var lifetimeSeconds: Int64
        public var renewAtSeconds: Int64
    }

    /// One service's exposure, issuance and margins.
    public struct ServiceSection: Codable, Sendable, Equatable {
        public var name: String
        public var tasks: Int
        public var issuances: Int
        public var failedRequests: Int
        public var expiredSeconds: Int64
        public var notYetValidSeconds: Int64
        public var untrustedSeconds: Int64
        /// null when no certificate of the service was replaced by a renewal in the window.
        public var minMarginSeconds: Int64?
        public var exposureWindows: [Window]
        public var restarts: Int
        public var waitingSeconds: Int64
        /// The services that call this one (the scenario's `clients`).
        public var clients: [String]
    }

    /// A maximal interval [start, end) during which one task was exposed in one way.
    public struct Window: Codable, Sendable, Equatable {
        public var start: Instant
        public var end: Instant
        /// `service/slot` or `service/slot.incarnation`.
        public var task: String
        public var kind: ExposureKind
    }

    /// The fleet's sums (the smallest margin over all services).
    public struct TotalsSection: Codable, Sendable, Equatable {
        public var tasks: Int
        public var issuances: Int
        public var failedRequests: Int
        public var expiredSeconds: Int64
        public var notYetValidSeconds: Int64
        public var untrustedSeconds: Int64
        public var minMarginSeconds: Int64?
        public var peakIssuancesPerMinute: Int
        public var restarts: Int
        public var waitingSeconds: Int64
    }

    /// What the window's certificates cost in the scenario's CA mode, and in the other one.
    /// Amounts are US dollars rounded to the cent.
    public struct CostSection: Codable, Sendable, Equatable {
        public var mode: CAMode
        public var total: Double
        public var caFee: Double
        public var certificateFees: Double
        public var certificates: Int
        public var alternative: AlternativeCost
        /// Always `USD`.
        public var currency: String
    }

    /// The same fleet in the other CA mode, with that mode's default lifetime and renewal point.
    public struct AlternativeCost: Codable, Sendable, Equatable {
        public var mode: CAMode
        public var total: Double
        public var certificates: Int
        public var caFee: Double
        public var certificateFees: Double
        public var lifetimeSeconds: Int64
        public var renewAtSeconds: Int64
    }

    public init(schema: String = RotationDocument.schema, scenario: ScenarioSection, warnings: [String], services: [ServiceSection],
                totals: TotalsSection, cost: CostSection) {
        self.schema = schema
        self.scenario = scenario
        self.warnings = warnings
        self.services = services
        self.totals = totals
        self.cost = cost
    }

    /// The document of one simulation: `file` is the scenario path as the user gave it.
    public init(file: String, result: SimulationResult, cost: CostComparison, warnings: [ScenarioIssue] = []) {
        let s = result.scenario
        var clients: [String: [String]] = [:]
        for service in s.services where clients[service.name] == nil { clients[service.name] = service.clients }
        schema = Self.schema
        scenario = ScenarioSection(file: file, start: Instant(s.start), end: Instant(s.end), seed: Int64(bitPattern: s.seed),
                                   mode: s.ca.mode, lifetimeSeconds: s.ca.lifetime, renewAtSeconds: s.renewAtSeconds)
        self.warnings = warnings.map(\.description)
        services = result.services.map { r in
            ServiceSection(name: r.name, tasks: r.tasks, issuances: r.issuances, failedRequests: r.failedRequests,
                           expiredSeconds: r.expiredSeconds, notYetValidSeconds: r.notYetValidSeconds,
                           untrustedSeconds: r.untrustedSeconds, minMarginSeconds: r.minMarginSeconds,
                           exposureWindows: r.exposureWindows.map { w in
                               Window(start: Instant(w.start), end: Instant(w.end), task: w.task.name(service: r.name), kind: w.kind)
                           },
                           restarts: r.restarts, waitingSeconds: r.waitingSeconds, clients: clients[r.name] ?? [])
        }
        let t = result.totals
        totals = TotalsSection(tasks: t.tasks, issuances: t.issuances, failedRequests: t.failedRequests,
                               expiredSeconds: t.expiredSeconds, notYetValidSeconds: t.notYetValidSeconds,
                               untrustedSeconds: t.untrustedSeconds, minMarginSeconds: t.minMarginSeconds,
                               peakIssuancesPerMinute: t.peakIssuancesPerMinute, restarts: t.restarts, waitingSeconds: t.waitingSeconds)
        let chosen = cost.chosen, alt = cost.alternative
        self.cost = CostSection(
            mode: chosen.mode, total: Money.dollars(chosen.totalMicroDollars), caFee: Money.dollars(chosen.caFeeMicroDollars),
            certificateFees: Money.dollars(chosen.certificateFeesMicroDollars), certificates: chosen.certificates,
            alternative: AlternativeCost(mode: alt.mode, total: Money.dollars(alt.totalMicroDollars), certificates: alt.certificates,
                                         caFee: Money.dollars(alt.caFeeMicroDollars),
                                         certificateFees: Money.dollars(alt.certificateFeesMicroDollars),
                                         lifetimeSeconds: cost.alternativeLifetime, renewAtSeconds: cost.alternativeRenewAt),
            currency: "USD")
    }

    /// The document as a `JSON` value (what `meshcert report` embeds).
    public func json() throws -> JSON { try JSONValueEncoder().encode(self) }

    /// The document as written by `--format json` (pretty, no trailing newline).
    public func render(pretty: Bool = true) throws -> String { try json().render(pretty: pretty) }
}

extension CAMode: Codable {}
extension ExposureKind: Codable {}
