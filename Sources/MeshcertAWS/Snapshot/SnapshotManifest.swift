import MeshcertSupport

/// `DIR/snapshot.json`, schema `meshcert.aws.snapshot.v1`: what `meshcert aws snapshot` asked
/// the account, and where each answer is. `meshcert aws status` and `meshcert report --aws`
/// read a snapshot only through this type: an output is found by (region, service, operation,
/// key), never by guessing a path. Field order is declaration order; it is a public contract.
public struct SnapshotManifest: Codable, Sendable, Equatable {
    public static let schema = "meshcert.aws.snapshot.v1"

    public var schema: String
    /// When the snapshot was taken (wall clock of the run).
    public var takenAt: Instant
    /// `--profile` as given (null: the aws CLI's default chain).
    public var profile: String?
    /// `AWS_ENDPOINT_URL` when set (a local emulator); null against AWS itself.
    public var endpointURL: String?
    /// The regions read, in `--region` order; `global` holds Route 53.
    public var regions: [String]
    /// The filters given (`--mesh`, `--cluster`, `--hosted-zone`); empty = everything listed.
    public var filters: Filters
    /// Every aws CLI call made, in a stable order (region, service, operation, key).
    public var calls: [SnapshotCall]
    /// Counts of `calls` by status.
    public var summary: Summary

    public init(takenAt: Instant, profile: String?, endpointURL: String?, regions: [String], filters: Filters, calls: [SnapshotCall]) {
        schema = Self.schema
        self.takenAt = takenAt
        self.profile = profile
        self.endpointURL = endpointURL
        self.regions = regions
        self.filters = filters
        self.calls = calls
        summary = Summary(calls)
    }

    public struct Filters: Codable, Sendable, Equatable {
        public var meshes: [String]
        public var clusters: [String]
        public var hostedZones: [String]
        public init(meshes: [String] = [], clusters: [String] = [], hostedZones: [String] = []) {
            self.meshes = meshes
            self.clusters = clusters
            self.hostedZones = hostedZones
        }
    }

    public struct Summary: Codable, Sendable, Equatable {
        public var ok: Int
        public var failed: Int
        public var skipped: Int
        public init(_ calls: [SnapshotCall]) {
            ok = calls.count { $0.status == .ok }
            failed = calls.count { $0.status == .failed }
            skipped = calls.count { $0.status == .skipped }
        }
    }

    /// The calls of one operation (every key), in manifest order.
    public func calls(region: String? = nil, service: String, operation: String) -> [SnapshotCall] {
        calls.filter { $0.service == service && $0.operation == operation && (region == nil || $0.region == region) }
    }
}

/// One aws CLI call: `aws --region REGION SERVICE OPERATION ARGUMENTS... --output json`.
public struct SnapshotCall: Codable, Sendable, Equatable {
    /// A region, or `global` for Route 53.
    public var region: String
    /// The aws CLI service name: `appmesh`, `acm-pca`, `acm`, `ecs`, `servicediscovery`,
    /// `route53`, `elbv2`.
    public var service: String
    /// The aws CLI operation name: `list-certificate-authorities`, `describe-services`...
    public var operation: String
    /// What the call is about when the operation runs once per resource (a CA ARN, a cluster
    /// name, a hosted zone id, a listener ARN, `cluster/batch-N` for describe-services); null for
    /// an operation that runs once per region.
    public var key: String?
    /// The arguments after the operation name, as passed (never a secret: read-only calls only).
    public var arguments: [String]
    /// The raw JSON output, relative to the snapshot folder; null unless `status` is ok.
    public var file: String?
    public var status: Status
    /// Why a call failed or was skipped; null when ok.
    public var error: CallError?
    /// How many times the call was made (throttling retries included).
    public var attempts: Int
    /// Wall time over every attempt, milliseconds.
    public var durationMilliseconds: Int

    public enum Status: String, Codable, Sendable {
        /// Answered; `file` holds the output.
        case ok
        /// Refused or unanswered (AccessDenied, throttled past the retries, timeout, bad output).
        case failed
        /// The endpoint does not implement the operation (an emulator's 404, an older API).
        case skipped
    }

    public struct CallError: Codable, Sendable, Equatable {
        /// The AWS error code (`AccessDeniedException`, `ThrottlingException`...) or meshcert's:
        /// `timeout`, `not_implemented`, `unreadable_output`, `cli_failed`.
        public var code: String
        /// The aws CLI's message, one line, at most 300 characters.
        public var message: String
        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    public init(region: String, service: String, operation: String, key: String? = nil, arguments: [String],
                file: String?, status: Status, error: CallError? = nil, attempts: Int, durationMilliseconds: Int) {
        self.region = region
        self.service = service
        self.operation = operation
        self.key = key
        self.arguments = arguments
        self.file = file
        self.status = status
        self.error = error
        self.attempts = attempts
        self.durationMilliseconds = durationMilliseconds
    }
}
