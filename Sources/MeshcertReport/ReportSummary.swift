import MeshcertAppMesh
import MeshcertInventory
import MeshcertRotation
import MeshcertSupport

/// The top of the page: services ready and blocked (and why), certificates expiring, the worst
/// rotation exposure, handshake failures, and what each CA mode costs.
public struct ReportSummary: Codable, Sendable, Equatable {
    /// No App Mesh configuration, certificate, key, scenario or handshake in the inputs.
    public var empty: Bool
    public var services: ServiceCounts
    public var blocked: [BlockedService]
    public var certificates: CertificateSummary
    /// nil without a rotation scenario.
    public var rotation: RotationSummary?
    public var handshakes: HandshakeSummary
    public var cost: CostSummary

    public struct ServiceCounts: Codable, Sendable, Equatable {
        public var total, ready, blocked, gateways, notInMesh: Int
    }

    public struct BlockedService: Codable, Sendable, Equatable {
        public var service: String
        public var blockedBy: [String]
    }

    public struct CertificateSummary: Codable, Sendable, Equatable {
        /// Whether a certificate folder was scanned at all.
        public var scanned: Bool
        public var distinct, expired, expiringSoon, notYetValid, shortLived, generalPurpose, unreadableFiles: Int
        /// The scan's findings by code.
        public var findings: OrderedCounts
        /// The certificates needing attention first (or the first three when none does).
        public var nextExpiries: [NextExpiry]
    }

    public struct NextExpiry: Codable, Sendable, Equatable {
        public var subjectCommonName: String?
        public var notAfter: String
        public var status: String
        public var usageMode: String?
        public var sha256: String
    }

    public struct RotationSummary: Codable, Sendable, Equatable {
        public var scenario: String
        public var start: String
        public var end: String
        public var exposedSeconds: Int64
        public var exposureWindows: Int
        public var minMarginSeconds: Int64?
        /// The most exposed service; nil when nothing was exposed.
        public var worst: WorstService?
    }

    public struct WorstService: Codable, Sendable, Equatable {
        public var service: String?
        public var exposedSeconds, expiredSeconds, notYetValidSeconds, untrustedSeconds: Int64
        public var longestWindow: ExposureWindow?
    }

    public struct ExposureWindow: Codable, Sendable, Equatable {
        public var start: String
        public var end: String
        public var task: String
        public var kind: String
        public var seconds: Int64
    }

    public struct HandshakeSummary: Codable, Sendable, Equatable {
        public var checks, ok, failed, missedExpectation, serviceConnectCompatible: Int
        public var failureReasons: OrderedCounts
    }

    /// Both CA modes: the monthly estimate for the App Mesh configuration and the simulated
    /// window's bill, each in the chosen and the other mode.
    public struct CostSummary: Codable, Sendable, Equatable {
        public var monthly: MonthlyCost?
        public var window: WindowCost?
    }

    public struct MonthlyCost: Codable, Sendable, Equatable {
        public var generalPurposeUSD: Double?
        public var shortLivedUSD: Double?
        public var certificateAuthorities: Int
        public var services: Int
        public var prices: String
    }

    public struct WindowCost: Codable, Sendable, Equatable {
        public var start: String
        public var end: String
        public var mode: String
        public var totalUSD: Double
        public var certificates: Int
        public var alternativeMode: String
        public var alternativeTotalUSD: Double
        public var alternativeCertificates: Int
    }
}

extension ReportSummary {
    static func build(_ c: ReportComponents, services: [ServiceRow], handshakes: [HandshakeRow]) -> ReportSummary {
        let certificates = c.scan?.certificates ?? []
        let empty = certificates.isEmpty && (c.scan?.keys.count ?? 0) == 0 && services.isEmpty && handshakes.isEmpty
        func count(_ status: ServiceRow.Status) -> Int { services.filter { $0.status == status }.count }
        return ReportSummary(
            empty: empty,
            services: ServiceCounts(total: services.count, ready: count(.ready), blocked: count(.blocked), gateways: count(.gateway),
                                    notInMesh: count(.notInMesh)),
            blocked: services.filter { $0.status == .blocked }.map { BlockedService(service: $0.name, blockedBy: $0.blockedBy) },
            certificates: certificateSummary(c.scan, certificates),
            rotation: c.rotation.map(rotationSummary),
            handshakes: handshakeSummary(handshakes),
            cost: CostSummary(monthly: c.mesh.map { monthlyCost($0.summary.privateCACost) }, window: c.rotation.map(windowCost)))
    }

    static func certificateSummary(_ scan: ScanDocument?, _ certificates: [ScanDocument.Certificate]) -> CertificateSummary {
        func count(_ status: ValidityStatus) -> Int { certificates.filter { $0.status == status }.count }
        // Already sorted by notAfter by the scan; the first ones that are not yet expired come first.
        let attention = certificates.filter { [.expired, .expiringSoon, .notYetValid].contains($0.status) }
        let soonest = (attention.isEmpty ? Array(certificates.prefix(3)) : Array(attention.prefix(10))).map { c in
            NextExpiry(subjectCommonName: c.subjectCommonName, notAfter: c.notAfter.description, status: c.status.rawValue, usageMode: c.usageMode?.rawValue,
                       sha256: c.sha256)
        }
        return CertificateSummary(
            scanned: scan != nil, distinct: certificates.count, expired: count(.expired), expiringSoon: count(.expiringSoon),
            notYetValid: count(.notYetValid),
            shortLived: certificates.filter { $0.usageMode == .shortLived }.count,
            generalPurpose: certificates.filter { $0.usageMode == .generalPurpose }.count,
            unreadableFiles: scan?.errors.count ?? 0, findings: scan?.findingCounts ?? OrderedCounts(), nextExpiries: soonest)
    }

    static func rotationSummary(_ rotation: RotationDocument) -> RotationSummary {
        var best: (Int64, RotationDocument.ServiceSection)? = nil
        let services = rotation.services
        for s in services where s.exposedSeconds > 0 && (best == nil || s.exposedSeconds > best!.0) { best = (s.exposedSeconds, s) }
        let worst = best.map { seconds, s in
            WorstService(service: s.name, exposedSeconds: seconds, expiredSeconds: s.expiredSeconds, notYetValidSeconds: s.notYetValidSeconds,
                         untrustedSeconds: s.untrustedSeconds, longestWindow: longestWindow(s))
        }
        let scenario = rotation.scenario
        return RotationSummary(scenario: scenario.file, start: scenario.start.description, end: scenario.end.description,
                               exposedSeconds: rotation.totals.exposedSeconds,
                               exposureWindows: services.reduce(0) { $0 + $1.exposureWindows.count },
                               minMarginSeconds: rotation.totals.minMarginSeconds, worst: worst)
    }

    /// The service's longest exposure window (the first of the longest).
    static func longestWindow(_ s: RotationDocument.ServiceSection) -> ExposureWindow? {
        let windows = s.exposureWindows.map { w in
            let start = w.start.description, end = w.end.description
            return ExposureWindow(start: start, end: end, task: w.task, kind: w.kind.rawValue, seconds: windowSeconds(start: start, end: end))
        }
        return windows.max { $0.seconds < $1.seconds }
    }

    static func windowSeconds(start: String, end: String) -> Int64 {
        guard let a = Timestamp.parse(start), let b = Timestamp.parse(end) else { return 0 }
        return b - a
    }

    static func handshakeSummary(_ rows: [HandshakeRow]) -> HandshakeSummary {
        let failed = rows.filter { $0.reason != "ok" }
        return HandshakeSummary(checks: rows.count, ok: rows.count - failed.count, failed: failed.count,
                                missedExpectation: rows.filter { !$0.matchedExpectation }.count,
                                serviceConnectCompatible: rows.filter(\.serviceConnectCompatible).count,
                                failureReasons: OrderedCounts(counting: failed.map(\.reason)))
    }

    static func monthlyCost(_ cost: MeshDocument.Cost) -> MonthlyCost {
        MonthlyCost(generalPurposeUSD: cost.generalPurpose.totalMonthlyUSD, shortLivedUSD: cost.shortLived.totalMonthlyUSD,
                    certificateAuthorities: cost.generalPurpose.certificateAuthorities, services: cost.services, prices: cost.prices)
    }

    static func windowCost(_ r: RotationDocument) -> WindowCost {
        let c = r.cost, a = r.cost.alternative
        return WindowCost(start: r.scenario.start.description, end: r.scenario.end.description, mode: c.mode.rawValue, totalUSD: c.total,
                          certificates: c.certificates, alternativeMode: a.mode.rawValue, alternativeTotalUSD: a.total, alternativeCertificates: a.certificates)
    }
}
