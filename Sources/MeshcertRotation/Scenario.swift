import MeshcertSupport

/// A fleet and its CA, as read from a scenario file. All times are epoch seconds (UTC) and all
/// durations whole seconds, so every result is a pure function of the scenario and the seed.
public struct Scenario: Sendable, Equatable {
    public var start: EpochSeconds
    public var duration: Int64
    public var seed: UInt64
    public var ca: CertificateAuthority
    public var rotation: Rotation
    /// Each task's clock offset is drawn uniformly from [-clockSkewMax, +clockSkewMax].
    public var clockSkewMax: Int64
    public var services: [Service]
    public var prices: PriceTable

    public var end: EpochSeconds { start + duration }

    /// Longest window the simulator accepts (ten years).
    public static let maxDuration: Int64 = 3650 * 86400

    /// The renewal age in seconds, before jitter.
    public var renewAtSeconds: Int64 { rotation.renewAt.seconds(mode: ca.mode, lifetime: ca.lifetime) }

    public init(start: EpochSeconds, duration: Int64, seed: UInt64 = 0, ca: CertificateAuthority = .init(),
                rotation: Rotation = .init(), clockSkewMax: Int64 = 0, services: [Service], prices: PriceTable = .defaults) {
        self.start = start
        self.duration = duration
        self.seed = seed
        self.ca = ca
        self.rotation = rotation
        self.clockSkewMax = clockSkewMax
        self.services = services
        self.prices = prices
    }
}

public enum CAMode: String, Sendable, Equatable, CaseIterable {
    case shortLived = "SHORT_LIVED"
    case generalPurpose = "GENERAL_PURPOSE"

    /// The other mode, for the cost comparison.
    public var other: CAMode { self == .shortLived ? .generalPurpose : .shortLived }

    /// AWS Private CA refuses short-lived certificates valid for more than 7 days.
    public static let shortLivedMaxLifetime: Int64 = 7 * 86400

    /// Lifetime a mode uses when the scenario does not set one.
    public var defaultLifetime: Int64 { self == .shortLived ? 7 * 86400 : 395 * 86400 }

    /// Renewal age a mode uses when the scenario does not set one: Service Connect renews at
    /// 5 days in short-lived mode; a general-purpose certificate at 2/3 of its lifetime.
    public func defaultRenewAt(lifetime: Int64) -> Int64 {
        self == .shortLived ? min(5 * 86400, lifetime * 5 / 7) : lifetime * 2 / 3
    }
}

public struct Outage: Sendable, Equatable {
    public var start: EpochSeconds
    public var duration: Int64
    public var end: EpochSeconds { start + duration }
    public init(start: EpochSeconds, duration: Int64) {
        self.start = start
        self.duration = duration
    }
}

/// The issuing CA is replaced: certificates issued at or after `at` come from the new CA.
public struct Rollover: Sendable, Equatable {
    public var at: EpochSeconds
    /// Clients trust the new CA from this time on (defaults to `at`).
    public var trustNewFrom: EpochSeconds
    /// Clients stop trusting the old CA at this time (never, when nil).
    public var retireOld: EpochSeconds?
    public init(at: EpochSeconds, trustNewFrom: EpochSeconds? = nil, retireOld: EpochSeconds? = nil) {
        self.at = at
        self.trustNewFrom = trustNewFrom ?? at
        self.retireOld = retireOld
    }
}

/// Issuance throttle: at most `count` requests per `per` seconds, in fixed windows aligned to the
/// scenario start.
public struct RateLimit: Sendable, Equatable {
    public var count: Int
    public var per: Int64
    public init(count: Int, per: Int64) {
        self.count = count
        self.per = per
    }
}

public struct CertificateAuthority: Sendable, Equatable {
    public var mode: CAMode
    public var lifetime: Int64
    public var backdate: Int64
    public var issueLatency: Int64
    public var rateLimit: RateLimit?
    public var outages: [Outage]
    public var rollover: Rollover?
    public init(mode: CAMode = .shortLived, lifetime: Int64? = nil, backdate: Int64 = 0, issueLatency: Int64 = 0,
                rateLimit: RateLimit? = nil, outages: [Outage] = [], rollover: Rollover? = nil) {
        self.mode = mode
        self.lifetime = lifetime ?? mode.defaultLifetime
        self.backdate = backdate
        self.issueLatency = issueLatency
        self.rateLimit = rateLimit
        self.outages = outages
        self.rollover = rollover
    }
}

/// When renewal starts: a fixed certificate age, or a fraction of the lifetime.
public enum RenewPoint: Sendable, Equatable {
    case age(Int64)
    case fraction(Double)
    /// Not set: the mode's default (5 days for a 7-day short-lived certificate, else 2/3).
    case modeDefault

    public func seconds(mode: CAMode, lifetime: Int64) -> Int64 {
        switch self {
        case .age(let s): return s
        case .fraction(let f): return Int64((Double(lifetime) * f).rounded())
        case .modeDefault: return mode.defaultRenewAt(lifetime: lifetime)
        }
    }
}

public struct Rotation: Sendable, Equatable {
    public var renewAt: RenewPoint
    public var retryInterval: Int64
    /// ± fraction of renewAt, drawn per certificate.
    public var jitter: Double
    public init(renewAt: RenewPoint = .modeDefault, retryInterval: Int64 = 900, jitter: Double = 0) {
        self.renewAt = renewAt
        self.retryInterval = retryInterval
        self.jitter = jitter
    }
}

public struct Service: Sendable, Equatable {
    public var name: String
    public var tasks: Int
    public var restartsPerDay: Double
    /// Names of the services that call this one (they judge its certificates).
    public var clients: [String]
    public init(name: String, tasks: Int = 1, restartsPerDay: Double = 0, clients: [String] = []) {
        self.name = name
        self.tasks = tasks
        self.restartsPerDay = restartsPerDay
        self.clients = clients
    }
}

extension Scenario {
    /// What running the fleet will take, when it is a lot: events (about three per certificate:
    /// request, completion, restart; some 40 million a second) above 5 billion, and memory
    /// (about 1 KB per task for its exposure windows: 2,000,010 tasks of the demo scenario, with
    /// its outage and rollover, peaked at 1.97 GB) above 4 GB. Checked on the final fleet, so a
    /// fleet built by `--from-mesh --tasks N` is warned about too.
    public var workWarnings: [String] {
        var warnings: [String] = []
        let days = Double(duration) / 86400
        let renewDays = max(Double(renewAtSeconds), 1) / 86400
        var events: Double = 0
        var tasks: Double = 0
        for svc in services {
            events += Double(svc.tasks) * days * (1 / renewDays + svc.restartsPerDay) * 3
            tasks += Double(svc.tasks)
        }
        if events > 5e9 {
            let minutes = Int((events / 4e7 / 60).rounded(.up))
            warnings.append("about \(Int(events / 1e9)) billion events to simulate: roughly \(minutes) minutes at some 40 million a second")
        }
        // The same text on every machine: warnings go into the documents.
        let bytes = tasks * 1000
        if bytes > 4e9 {
            warnings.append("about \(Int((bytes / 1e9).rounded())) GB of memory for \(Int(tasks)) tasks (about 1 KB each)")
        }
        return warnings
    }

    /// The most tasks in all that the simulator holds (its event queue's slots).
    public static let maxTasks = EventQueue.maxSlots

    /// Why the fleet is too large to simulate, nil when it is not. The scenario reader checks
    /// its own services; a fleet built elsewhere (`--from-mesh --tasks N`) is checked here,
    /// before anything is allocated for it.
    public var fleetSizeProblem: String? {
        var total = 0
        for s in services {
            total += min(s.tasks, Self.maxTasks + 1)
            if total > Self.maxTasks {
                return "\(services.count) services with up to \(services.map(\.tasks).max() ?? 0) tasks each: more than the "
                    + "\(Self.maxTasks) tasks in all the simulator handles"
            }
        }
        return nil
    }
}
