/// What `meshcert aws snapshot` (and `aws status --live`) asks the account for. A value type:
/// the CLI fills it from its options, the status command from its own.
public struct SnapshotRequest: Sendable, Equatable {
    /// The snapshot folder: created if missing; must be empty or hold an earlier snapshot.
    public var outputDirectory: String
    /// `--profile` for every aws CLI call (nil: the CLI's default chain).
    public var profile: String?
    /// Regions to read, in order; empty = the CLI's configured region.
    public var regions: [String]
    /// App Mesh meshes to read (empty = every mesh listed).
    public var meshes: [String]
    /// ECS clusters to read, by name or ARN (empty = every cluster listed).
    public var clusters: [String]
    /// Route 53 hosted zones, by id (`Z123...`, `/hostedzone/Z123...`) or name (`example.com`);
    /// empty = Route 53 is not read (entry points live in a few named zones).
    public var hostedZones: [String]
    /// Services to read (empty = all).
    public var services: [SnapshotService]
    /// Calls in flight at once.
    public var jobs: Int
    /// Wall-time bound of one call (all its pages); the child is killed when it passes.
    public var timeout: Duration
    /// Retries of a throttled call (exponential backoff with jitter) before it is reported.
    public var throttleRetries: Int
    /// `--endpoint-url` for every call (nil: the CLI's own, e.g. `AWS_ENDPOINT_URL`).
    public var endpointURL: String?
    /// The aws executable; nil = `aws` found on PATH.
    public var awsExecutable: String?

    public init(outputDirectory: String, profile: String? = nil, regions: [String] = [], meshes: [String] = [],
                clusters: [String] = [], hostedZones: [String] = [], services: [SnapshotService] = [], jobs: Int = 8,
                timeout: Duration = .seconds(60), throttleRetries: Int = 4, endpointURL: String? = nil,
                awsExecutable: String? = nil) {
        self.outputDirectory = outputDirectory
        self.profile = profile
        self.regions = regions
        self.meshes = meshes
        self.clusters = clusters
        self.hostedZones = hostedZones
        self.services = services
        self.jobs = jobs
        self.timeout = timeout
        self.throttleRetries = throttleRetries
        self.endpointURL = endpointURL
        self.awsExecutable = awsExecutable
    }
}

/// The aws CLI services a snapshot reads, in the order the manifest lists them.
public enum SnapshotService: String, CaseIterable, Sendable, Codable {
    case appmesh
    case acmPCA = "acm-pca"
    case acm
    case ecs
    case servicediscovery
    case route53
    case elbv2

    /// Route 53 is global: its calls are recorded under the region `global`.
    public var isGlobal: Bool { self == .route53 }
}
