@testable import MeshcertWatch
import Testing

/// Rotation against the expectation: overdue only for short-lived certificates past
/// notBefore + renewAt + tolerance; the cadence from the two last certificates.
@Suite struct RotationStatusTests {
    let expectation = WatchConfig.RotationExpectation(lifetime: 10, renewAt: 3, tolerance: 2)

    func history(_ certs: [(nb: Int64, na: Int64, seen: Int64)], changes: Int64) -> TargetHistory {
        let list = certs.enumerated().map { i, c in
            ObservedCertificate(serial: "\(i)", sha256: "h\(i)", notBefore: c.nb, notAfter: c.na, firstSeen: c.seen, lastSeen: c.seen)
        }
        return TargetHistory(target: "t", changes: changes, lastChange: changes > 0 ? list.last?.firstSeen : nil,
                             current: list.last?.sha256, certificates: list)
    }

    @Test func overdueFlipsAfterRenewalPointPlusTolerance() {
        let h = history([(1000, 1010, 1000)], changes: 0)
        #expect(!RotationStatus.evaluate(h, expectation: expectation, now: 1004).renewalOverdue)
        let late = RotationStatus.evaluate(h, expectation: expectation, now: 1005)
        #expect(late.renewalOverdue)
        #expect(late.overdueAt == 1005)
        #expect(late.certificateAge == 5)
    }

    @Test func longLivedCertificatesAreNeverOverdue() {
        let h = history([(1000, 1000 + 86400, 1000)], changes: 0)
        let s = RotationStatus.evaluate(h, expectation: expectation, now: 50000)
        #expect(!s.shortLived && !s.renewalOverdue)
    }

    @Test func cadenceFromTheLastTwoCertificates() {
        let h = history([(1000, 1010, 1000), (1003, 1013, 1004)], changes: 1)
        let s = RotationStatus.evaluate(h, expectation: expectation, now: 1005)
        #expect(s.observedInterval == 3)
        #expect(s.lastChange == 1004)
        #expect(s.changes == 1)
        #expect(!s.renewalOverdue)
    }
}
