import MeshcertSupport

public enum ExposureKind: String, Sendable, Equatable, CaseIterable, Comparable {
    case expired
    case notYetValid = "not_yet_valid"
    case untrusted

    var index: Int {
        switch self {
        case .expired: 0
        case .notYetValid: 1
        case .untrusted: 2
        }
    }

    public static func < (a: ExposureKind, b: ExposureKind) -> Bool { a.index < b.index }
}

/// A task: the slot it fills in its service and which replacement it is (0 = the original task,
/// n = the n-th replacement after a restart). Rendered `stock/2` and `stock/2.1`.
public struct TaskID: Sendable, Equatable, Hashable, Comparable {
    public var slot: Int
    public var incarnation: Int

    public func name(service: String) -> String {
        incarnation == 0 ? "\(service)/\(slot)" : "\(service)/\(slot).\(incarnation)"
    }

    public static func < (a: TaskID, b: TaskID) -> Bool {
        (a.slot, a.incarnation) < (b.slot, b.incarnation)
    }
}

/// A maximal interval [start, end) during which one task was exposed in one way.
public struct ExposureWindow: Sendable, Equatable {
    public var start: EpochSeconds
    public var end: EpochSeconds
    public var task: TaskID
    public var kind: ExposureKind
    public var seconds: Int64 { end - start }
}

/// One issued certificate, kept only when a timeline is drawn.
public struct IssuedCertificate: Sendable, Equatable {
    public var task: TaskID
    public var issuedAt: EpochSeconds
    public var notBefore: EpochSeconds
    public var notAfter: EpochSeconds
    /// It replaced a certificate of the same task (a renewal), rather than being a task's first.
    public var renewal: Bool
    public var fromNewCA: Bool
}

public struct ServiceResult: Sendable, Equatable {
    public var name: String
    public var tasks: Int
    public var restarts: Int = 0
    public var issuances: Int = 0
    public var failedRequests: Int = 0
    public var expiredSeconds: Int64 = 0
    public var notYetValidSeconds: Int64 = 0
    public var untrustedSeconds: Int64 = 0
    /// nil when no certificate of this service was replaced by a renewal in the window.
    public var minMarginSeconds: Int64? = nil
    /// Time tasks spent without any certificate (before their first issuance completed): not
    /// exposure, but a task that cannot serve TLS yet.
    public var waitingSeconds: Int64 = 0
    public var exposureWindows: [ExposureWindow] = []
    public var certificates: [IssuedCertificate] = []

    public var exposedSeconds: Int64 { expiredSeconds + notYetValidSeconds + untrustedSeconds }

    mutating func add(seconds: Int64, kind: ExposureKind) {
        switch kind {
        case .expired: expiredSeconds += seconds
        case .notYetValid: notYetValidSeconds += seconds
        case .untrusted: untrustedSeconds += seconds
        }
    }
}

public struct Totals: Sendable, Equatable {
    public var tasks = 0
    public var restarts = 0
    public var issuances = 0
    public var failedRequests = 0
    public var expiredSeconds: Int64 = 0
    public var notYetValidSeconds: Int64 = 0
    public var untrustedSeconds: Int64 = 0
    public var minMarginSeconds: Int64? = nil
    public var waitingSeconds: Int64 = 0
    public var exposureWindows = 0
    public var peakIssuancesPerMinute = 0

    public var exposedSeconds: Int64 { expiredSeconds + notYetValidSeconds + untrustedSeconds }
}

public struct SimulationResult: Sendable, Equatable {
    public var scenario: Scenario
    public var services: [ServiceResult]
    public var peakIssuancesPerMinute: Int
    /// Issuances completed in each 30-day period from the window start (the last may be partial).
    public var issuancesPerPeriod: [Int]
    /// Events processed (requests, completions, restarts): the simulator's unit of work.
    public var events: Int
    /// The cost alternative's issuances, when simulated in the same pass.
    public var alternative: AlternativeCount? = nil
    /// `recordCertificates` stopped at `certificateLimit` certificates (the timeline then draws
    /// only those).
    public var certificatesTruncated = false

    /// At most this many certificates are kept for a timeline (about 100 MB).
    public static let certificateLimit = 2_000_000

    public var totals: Totals {
        var t = Totals()
        for s in services {
            t.tasks += s.tasks
            t.restarts += s.restarts
            t.issuances += s.issuances
            t.failedRequests += s.failedRequests
            t.expiredSeconds += s.expiredSeconds
            t.notYetValidSeconds += s.notYetValidSeconds
            t.untrustedSeconds += s.untrustedSeconds
            t.exposureWindows += s.exposureWindows.count
            t.waitingSeconds += s.waitingSeconds
            if let m = s.minMarginSeconds { t.minMarginSeconds = min(t.minMarginSeconds ?? m, m) }
        }
        t.peakIssuancesPerMinute = peakIssuancesPerMinute
        return t
    }

    public var hasExposure: Bool { services.contains { $0.exposedSeconds > 0 } }
}

/// Issuances of the cost alternative counted alongside a run (`SimulationOptions.alternative`).
public struct AlternativeCount: Sendable, Equatable {
    public var issuancesPerPeriod: [Int]
    public var events: Int
}
