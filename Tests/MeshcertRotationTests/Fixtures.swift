@testable import MeshcertRotation
import MeshcertSupport

/// Shared helpers: times as days/hours after the window start, and small scenarios.
enum Fix {
    static let start = Timestamp.epoch(year: 2026, month: 12, day: 1)
    static let day: Int64 = 86400
    static let hour: Int64 = 3600

    static func at(days: Double) -> EpochSeconds { start + Int64(days * Double(day)) }

    /// The worked example: one service, one task, 7d/5d, 15m retries, 30 days.
    static func worked(outages: [Outage] = []) -> Scenario {
        Scenario(start: start, duration: 30 * day,
                 ca: CertificateAuthority(mode: .shortLived, lifetime: 7 * day, outages: outages),
                 rotation: Rotation(renewAt: .age(5 * day), retryInterval: 900),
                 services: [Service(name: "stock")])
    }

    static func parse(_ yaml: String) throws -> LoadedScenario {
        try ScenarioReader.parse(yaml, file: "test.yaml")
    }
}

extension Fix {
    /// The repository root, for the committed sample scenarios.
    static let repo: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()
}
