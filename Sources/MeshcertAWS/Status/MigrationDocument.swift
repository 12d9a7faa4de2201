import MeshcertSupport

/// `meshcert aws status --format json`, schema `meshcert.migration.v1`: the blue/green migration
/// per service, the traffic split per entry point, the Private CAs and what the snapshot could
/// not give. Encoded with `JSONValueEncoder` (fields in declaration order, absent values as
/// `null`); docs/aws-status.md describes every field.
public struct MigrationDocument: Codable, Sendable, Equatable {
    public static let schema = "meshcert.migration.v1"

    public var schema: String
    public var evaluatedAt: Instant
    /// `--warn-days`: how far ahead expiring CA and ACM certificates are reported.
    public var warnDays: Int
    public var snapshot: SnapshotSummary
    public var counts: StateCounts
    public var services: [MigrationService]
    public var traffic: [TrafficEntry]
    public var privateCAs: [PrivateCAEntry]
    /// The monthly list price of every Private CA above, summed (USD).
    public var privateCAMonthlyUSD: Double
    /// What the snapshot could not give (missing or corrupt files, failed calls): the rest was read.
    public var problems: [SnapshotProblem]

    public init(evaluatedAt: Instant, warnDays: Int, snapshot: SnapshotSummary, services: [MigrationService], traffic: [TrafficEntry],
                privateCAs: [PrivateCAEntry], problems: [SnapshotProblem]) {
        schema = Self.schema
        self.evaluatedAt = evaluatedAt
        self.warnDays = warnDays
        self.snapshot = snapshot
        counts = StateCounts(services.map(\.state))
        self.services = services
        self.traffic = traffic
        self.privateCAs = privateCAs
        privateCAMonthlyUSD = privateCAs.reduce(0) { $0 + $1.monthlyListPriceUSD }
        self.problems = problems
    }

    /// The document as JSON text (no final newline).
    public func render() throws -> String { try JSONValueEncoder().encode(self).render() }

    /// Whether any service is blocked (`--fail-on blocked`).
    public var hasBlocked: Bool { counts.blocked > 0 }
}

/// Where the data came from.
public struct SnapshotSummary: Codable, Sendable, Equatable {
    public var directory: String?
    public var takenAt: Instant?
    public var regions: [String]
    public var endpointURL: String?
    public var callsOk: Int
    public var callsFailed: Int
    public var callsSkipped: Int

    public init(directory: String?, takenAt: Instant?, regions: [String], endpointURL: String?, callsOk: Int = 0, callsFailed: Int = 0,
                callsSkipped: Int = 0) {
        self.directory = directory
        self.takenAt = takenAt
        self.regions = regions
        self.endpointURL = endpointURL
        self.callsOk = callsOk
        self.callsFailed = callsFailed
        self.callsSkipped = callsSkipped
    }
}

/// Where a service stands, the first that applies (in this order).
public enum MigrationState: String, Codable, Sendable, CaseIterable {
    /// A blocker finding.
    case blocked
    /// No green copy.
    case notStarted = "not_started"
    /// Blue gone, or its entry point sends green everything (blue at weight 0).
    case migrated
    /// The entry point sends green a share above 0 and below 1.
    case shifting
    /// The green service exists with Service Connect enabled; no traffic moved yet.
    case greenDeployed = "green_deployed"
}

public struct StateCounts: Codable, Sendable, Equatable {
    public var total: Int
    public var blocked: Int
    public var notStarted: Int
    public var greenDeployed: Int
    public var shifting: Int
    public var migrated: Int

    enum CodingKeys: String, CodingKey {
        case total, blocked, notStarted = "not_started", greenDeployed = "green_deployed", shifting, migrated
    }

    public init(_ states: [MigrationState]) {
        total = states.count
        blocked = states.count { $0 == .blocked }
        notStarted = states.count { $0 == .notStarted }
        greenDeployed = states.count { $0 == .greenDeployed }
        shifting = states.count { $0 == .shifting }
        migrated = states.count { $0 == .migrated }
    }
}

public struct MigrationService: Codable, Sendable, Equatable {
    public var name: String
    public var state: MigrationState
    /// How blue and green were paired: `map`, `virtual_service`, `dns_label`, `cloud_map`,
    /// `virtual_node`, `ecs_service`; null when the service has one side only.
    public var pairedBy: String?
    /// The share of traffic green gets at the service's entry point(s) (the smallest when
    /// several lead to it); null when no weighted entry point leads to it.
    public var greenShare: Double?
    /// The `traffic[].name` of the entry points that lead to it.
    public var entryPoints: [String]
    public var blue: BlueSide?
    public var green: GreenSide?
    public var findings: [MigrationFinding]

    public init(name: String, state: MigrationState, pairedBy: String?, greenShare: Double?, entryPoints: [String], blue: BlueSide?,
                green: GreenSide?, findings: [MigrationFinding]) {
        self.name = name
        self.state = state
        self.pairedBy = pairedBy
        self.greenShare = greenShare
        self.entryPoints = entryPoints
        self.blue = blue
        self.green = green
        self.findings = findings
    }

    public var blockers: [MigrationFinding] { findings.filter { $0.severity == .blocker } }
}

/// The App Mesh side.
public struct BlueSide: Codable, Sendable, Equatable {
    public var mesh: String
    public var virtualService: String?
    public var virtualNodes: [String]
    public var meshOwner: String?
    public var resourceOwner: String?
    public var listeners: [BlueListener]
    /// A listener requires client certificates.
    public var mtlsServer: Bool
    /// A client policy presents a certificate.
    public var mtlsClient: Bool
    /// The ACM certificates the listeners serve, as the snapshot describes them.
    public var certificates: [BlueCertificate]
    public var ecsServices: [ECSServiceSummary]
    /// Tasks running over `ecsServices`.
    public var runningCount: Int

    public init(mesh: String, virtualService: String?, virtualNodes: [String], meshOwner: String?, resourceOwner: String?,
                listeners: [BlueListener], mtlsServer: Bool, mtlsClient: Bool, certificates: [BlueCertificate], ecsServices: [ECSServiceSummary]) {
        self.mesh = mesh
        self.virtualService = virtualService
        self.virtualNodes = virtualNodes
        self.meshOwner = meshOwner
        self.resourceOwner = resourceOwner
        self.listeners = listeners
        self.mtlsServer = mtlsServer
        self.mtlsClient = mtlsClient
        self.certificates = certificates
        self.ecsServices = ecsServices
        runningCount = ecsServices.reduce(0) { $0 + $1.runningCount }
    }

    /// A listener serves TLS (STRICT or PERMISSIVE).
    public var servesTLS: Bool { listeners.contains { $0.tlsMode == "STRICT" || $0.tlsMode == "PERMISSIVE" } }
}

public struct BlueListener: Codable, Sendable, Equatable {
    public var virtualNode: String
    public var port: Int
    public var protocolName: String
    /// STRICT, PERMISSIVE, DISABLED; null without TLS.
    public var tlsMode: String?
    /// acm, file or sds; null without TLS.
    public var certificateSource: String?
    public var certificateArn: String?
    public var clientCertificateRequired: Bool

    enum CodingKeys: String, CodingKey {
        case virtualNode, port, protocolName = "protocol", tlsMode, certificateSource, certificateArn, clientCertificateRequired
    }

    public init(virtualNode: String, port: Int, protocolName: String, tlsMode: String?, certificateSource: String?, certificateArn: String?,
                clientCertificateRequired: Bool) {
        self.virtualNode = virtualNode
        self.port = port
        self.protocolName = protocolName
        self.tlsMode = tlsMode
        self.certificateSource = certificateSource
        self.certificateArn = certificateArn
        self.clientCertificateRequired = clientCertificateRequired
    }
}

public struct BlueCertificate: Codable, Sendable, Equatable {
    public var arn: String
    public var domainName: String?
    public var type: String?
    public var status: String?
    public var notAfter: Instant?
    public var renewalEligibility: String?
    public var renewalStatus: String?
    public var certificateAuthorityArn: String?

    public init(_ c: ACMCertificate) {
        arn = c.arn
        domainName = c.domainName
        type = c.type
        status = c.status
        notAfter = c.notAfter?.instant
        renewalEligibility = c.renewalEligibility
        renewalStatus = c.renewalSummary?.renewalStatus
        certificateAuthorityArn = c.certificateAuthorityArn
    }
}

public struct ECSServiceSummary: Codable, Sendable, Equatable {
    public var cluster: String?
    public var service: String
    /// The virtual node the Envoy container names (blue side only).
    public var virtualNode: String?
    public var runningCount: Int
    public var desiredCount: Int

    public init(cluster: String?, service: String, virtualNode: String?, runningCount: Int, desiredCount: Int) {
        self.cluster = cluster
        self.service = service
        self.virtualNode = virtualNode
        self.runningCount = runningCount
        self.desiredCount = desiredCount
    }
}

/// The Service Connect side.
public struct GreenSide: Codable, Sendable, Equatable {
    public var cluster: String?
    public var service: String
    public var namespace: String?
    public var discoveryNames: [String]
    public var clientAliases: [String]
    /// Every Service Connect service of the PRIMARY deployment has TLS configured.
    public var tls: Bool
    public var certificateAuthority: GreenCertificateAuthority?
    /// Tasks running in the PRIMARY deployment.
    public var runningCount: Int
    public var desiredCount: Int
    /// A deployment still rolling out beside the PRIMARY one.
    public var inProgress: DeploymentSummary?

    public init(cluster: String?, service: String, namespace: String?, discoveryNames: [String], clientAliases: [String], tls: Bool,
                certificateAuthority: GreenCertificateAuthority?, runningCount: Int, desiredCount: Int, inProgress: DeploymentSummary?) {
        self.cluster = cluster
        self.service = service
        self.namespace = namespace
        self.discoveryNames = discoveryNames
        self.clientAliases = clientAliases
        self.tls = tls
        self.certificateAuthority = certificateAuthority
        self.runningCount = runningCount
        self.desiredCount = desiredCount
        self.inProgress = inProgress
    }
}

public struct GreenCertificateAuthority: Codable, Sendable, Equatable {
    public var arn: String
    /// null when the CA is not in the snapshot (another account, or not listed).
    public var usageMode: String?
    public var status: String?
    public var keyAlgorithm: String?
    public var notAfter: Instant?

    public init(arn: String, ca: CertificateAuthority?) {
        self.arn = arn
        usageMode = ca?.effectiveUsageMode
        status = ca?.status
        keyAlgorithm = ca?.configuration?.keyAlgorithm
        notAfter = ca?.notAfter?.instant
    }
}

public struct DeploymentSummary: Codable, Sendable, Equatable {
    public var id: String?
    public var status: String?
    public var rolloutState: String?
    public var taskDefinition: String?
    public var runningCount: Int
    public var desiredCount: Int
    public var serviceConnectEnabled: Bool

    public init(_ d: Deployment) {
        id = d.id
        status = d.status
        rolloutState = d.rolloutState
        taskDefinition = d.taskDefinition
        runningCount = d.runningCount ?? 0
        desiredCount = d.desiredCount ?? 0
        serviceConnectEnabled = d.serviceConnectConfiguration?.enabled ?? false
    }
}

/// One weighted entry point: a Route 53 weighted record set group, or an ALB forward action
/// over weighted target groups.
public struct TrafficEntry: Codable, Sendable, Equatable {
    public var name: String
    /// route53 | alb
    public var source: String
    public var sets: [TrafficSet]
    /// The sum of the green sets' shares.
    public var greenShare: Double

    public init(name: String, source: String, sets: [TrafficSet]) {
        self.name = name
        self.source = source
        self.sets = sets
        greenShare = sets.filter(\.green).reduce(0) { $0 + $1.share }
    }
}

public struct TrafficSet: Codable, Sendable, Equatable {
    /// The record's SetIdentifier, or the target group's name.
    public var id: String
    /// Where it points: the alias or record value, or the target group ARN.
    public var target: String?
    public var weight: Int
    /// weight / sum of the weights of the entry point; equal shares when every weight is 0.
    public var share: Double
    public var green: Bool
    /// The service (`services[].name`) it leads to, when the snapshot tells.
    public var service: String?

    public init(id: String, target: String?, weight: Int, share: Double, green: Bool, service: String?) {
        self.id = id
        self.target = target
        self.weight = weight
        self.share = share
        self.green = green
        self.service = service
    }
}

public struct PrivateCAEntry: Codable, Sendable, Equatable {
    public var arn: String
    public var type: String?
    public var status: String?
    public var usageMode: String
    public var keyAlgorithm: String?
    public var notAfter: Instant?
    /// The list price of a month of this CA in its usage mode (0 once DELETED).
    public var monthlyListPriceUSD: Double
    /// Services whose Service Connect TLS issues from it.
    public var usedByGreen: [String]
    /// Services whose App Mesh side trusts it or serves an ACM certificate it issued.
    public var usedByBlue: [String]

    public init(arn: String, type: String?, status: String?, usageMode: String, keyAlgorithm: String?, notAfter: Instant?,
                monthlyListPriceUSD: Double, usedByGreen: [String], usedByBlue: [String]) {
        self.arn = arn
        self.type = type
        self.status = status
        self.usageMode = usageMode
        self.keyAlgorithm = keyAlgorithm
        self.notAfter = notAfter
        self.monthlyListPriceUSD = monthlyListPriceUSD
        self.usedByGreen = usedByGreen
        self.usedByBlue = usedByBlue
    }
}
