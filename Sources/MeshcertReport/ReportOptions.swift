import Foundation
import MeshcertRotation
import MeshcertSupport

/// What `meshcert report` is asked to run, and where to write the report.
public struct ReportOptions: Sendable {
    /// Certificate files or folders to scan (`meshcert scan`).
    public var certs: [String] = []
    /// App Mesh configuration: aws CLI exports or CRDs (`meshcert mesh`).
    public var mesh: [String] = []
    /// Rotation scenario; with a mesh, the mesh's services are simulated (`meshcert rotate`).
    public var scenario: String?
    /// Handshake plan of named checks (`meshcert handshake`).
    public var plan: String?
    /// The loopback lab on the mesh's services (`meshcert lab`).
    public var lab = false
    /// A `meshcert aws snapshot` folder: the "Migration progress" section (`meshcert aws status`).
    public var aws: String?
    /// The evaluation time given (`--at`); nil: now (and the handshake plan's own default).
    public var at: EpochSeconds?
    /// The folder for report.html and report.json.
    public var out: String
    /// The folder (or report.json) of an earlier report: adds "since last report".
    public var previous: String?
    /// Trust anchors for the scan's chain check.
    public var trust: [String] = []
    /// Candidate PKCS#12 passwords for the scan (never printed), read only when there is something to scan.
    public var pkcs12Passwords: @Sendable () throws -> [String] = { [] }
    /// The demo PKI the lab's App Mesh world uses.
    public var pki = "Certs/pki"
    /// The short-lived Private CA the Service Connect plans name.
    public var pcaArn = "arn:aws:acm-pca:REGION:ACCOUNT:certificate-authority/SHORT-LIVED-CA"
    /// Tasks per service (rotation of mesh services, certificate counts).
    public var tasks = 1
    /// Conditions that make the exit status 1.
    public var failOn: [ReportFailOn] = []
    /// The mesh's services as a rotation fleet (who calls whom): `meshcert rotate --from-mesh`'s
    /// conversion, passed in until MeshcertAppMesh offers it. It reports its own problems on
    /// standard error and throws when the mesh cannot be used.
    public var meshFleet: MeshFleetSource

    public init(out: String, meshFleet: @escaping MeshFleetSource) {
        self.out = out
        self.meshFleet = meshFleet
    }

    /// Every option at once (the flags of `meshcert report`).
    public init(certs: [String], mesh: [String], scenario: String?, plan: String?, lab: Bool, aws: String?, at: EpochSeconds?, out: String,
                previous: String?, trust: [String], pkcs12Passwords: @escaping @Sendable () throws -> [String], pki: String, pcaArn: String,
                tasks: Int, failOn: [ReportFailOn], meshFleet: @escaping MeshFleetSource) {
        self.certs = certs
        self.mesh = mesh
        self.scenario = scenario
        self.plan = plan
        self.lab = lab
        self.aws = aws
        self.at = at
        self.out = out
        self.previous = previous
        self.trust = trust
        self.pkcs12Passwords = pkcs12Passwords
        self.pki = pki
        self.pcaArn = pcaArn
        self.tasks = tasks
        self.failOn = failOn
        self.meshFleet = meshFleet
    }
}

/// The App Mesh configuration at `paths` as rotation services, `base` (the scenario's own) merged in.
public typealias MeshFleetSource = @Sendable (_ paths: [String], _ base: [Service], _ tasks: Int) throws -> [Service]

/// `--fail-on`: conditions that turn a written report into exit status 1.
public enum ReportFailOn: String, CaseIterable, Sendable {
    /// A service is blocked.
    case blocker
    /// A certificate has expired.
    case expired
    /// The rotation left a task with a rejected certificate.
    case exposure
    /// A handshake failed.
    case handshake

    /// Parses the comma-separated flag value (`blocker,expired`); blanks are ignored.
    public static func parseList(_ text: String) throws(UnknownValue) -> [ReportFailOn] {
        var out: [ReportFailOn] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            guard let value = ReportFailOn(rawValue: part) else { throw UnknownValue(value: part) }
            out.append(value)
        }
        return out
    }

    public struct UnknownValue: Error, Sendable, CustomStringConvertible {
        public var value: String
        public var description: String {
            "--fail-on: unknown value '\(value)'; known: \(ReportFailOn.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }
}

/// What a report run produced.
public struct ReportOutcome: Sendable {
    /// The report as report.json holds it (written and read back).
    public var report: ReportDocument
    public var htmlPath: String
    public var jsonPath: String
    /// 0, or 1 when a handshake check missed its expectation or a `--fail-on` condition held.
    public var exitStatus: Int32
}

extension ReportSummary {
    /// Whether the `--fail-on` condition holds for this report.
    public func holds(_ condition: ReportFailOn) -> Bool {
        switch condition {
        case .blocker: return services.blocked > 0
        case .expired: return certificates.expired > 0
        case .exposure: return (rotation?.exposedSeconds ?? 0) > 0
        case .handshake: return handshakes.failed > 0
        }
    }
}
