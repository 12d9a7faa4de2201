import MeshcertHandshake
import MeshcertOpenSSL
import MeshcertSupport

/// A `meshcert watch` configuration, read by `WatchConfigReader` (docs/watch.md, "Configuration").
/// Paths are absolute here: the reader resolves relative ones against the config file's folder.
public struct WatchConfig: Sendable {
    public static let defaultListen = "127.0.0.1:9219"

    /// The file it was read from.
    public var file: String
    /// `HOST:PORT` of the HTTP server; nil: `--listen` or the default 127.0.0.1:9219.
    public var listen: String?
    /// The SQLite history; nil: `--state` or the default under the user's state directory.
    public var state: String?
    public var scans: [ScanEntry]
    public var handshake: HandshakeSection?
    public var rotation: RotationExpectation

    public init(file: String, listen: String? = nil, state: String? = nil, scans: [ScanEntry] = [],
                handshake: HandshakeSection? = nil, rotation: RotationExpectation = RotationExpectation()) {
        self.file = file
        self.listen = listen
        self.state = state
        self.scans = scans
        self.handshake = handshake
        self.rotation = rotation
    }

    /// One `scan:` entry: `meshcert scan`'s options, rescanned every `interval`.
    public struct ScanEntry: Sendable {
        /// The `scan` label of its series (default `scan-N`, N counted from 1).
        public var name: String
        public var paths: [String]
        public var interval: Double
        public var trust: [String]
        public var pkcs12PasswordFile: String?
        public var warnDays: Int
        /// How `trust` judges chains (`verifyProfile`, `maxDepth`, `crl`, `partialChain`, `pedantic`).
        public var policy: VerificationPolicy = VerificationPolicy()
        /// Each scanned file's leaf is a rotation subject `file:PATH` (docs/watch.md, "Files rotate too").
        public var rotation: Bool = true
    }

    /// The `handshake:` section: a `meshcert handshake --plan` file probed every `interval`.
    public struct HandshakeSection: Sendable {
        public var plan: String
        public var interval: Double
        /// Per probe (connect and handshake each); a plan check's own `timeout` wins.
        public var timeout: Double
        /// Probes in flight at once, overall and per host.
        public var jobs: Int
        public var perHost: Int
        /// Each wait between two probes of a target is `interval` ± this fraction, at random.
        public var jitter: Double
        /// Every probe's verification policy (the keys of `scan:` entries; default compatible).
        public var policy: VerificationPolicy = VerificationPolicy()
        /// The plan's checks, loaded and validated with the config.
        public var checks: [HandshakeCheck]
    }

    /// The rotation held against what is observed (default: Service Connect's 7-day
    /// certificates renewed after 5 days).
    public struct RotationExpectation: Sendable, Equatable {
        /// Certificates valid this long or less are short-lived and expected to rotate.
        public var lifetime: Int64
        /// Renewal is due this long after a certificate's notBefore.
        public var renewAt: Int64
        /// Grace after `renewAt` before `meshcert_rotation_renewal_overdue` turns 1.
        public var tolerance: Int64

        public init(lifetime: Int64 = 7 * 86400, renewAt: Int64 = 5 * 86400, tolerance: Int64 = 3600) {
            self.lifetime = lifetime
            self.renewAt = renewAt
            self.tolerance = tolerance
        }
    }
}
