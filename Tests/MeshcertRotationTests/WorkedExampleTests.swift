@testable import MeshcertRotation
import MeshcertSupport
import Testing

@Suite struct WorkedExampleTests {
    @Test func noOutageIssuesSixCertificatesWithTwoDaysMargin() {
        let r = Simulator.run(Fix.worked(), options: .init(recordCertificates: true))
        let s = r.services[0]
        #expect(s.issuances == 6)
        #expect(s.certificates.map(\.issuedAt) == [0, 5, 10, 15, 20, 25].map { Fix.at(days: $0) })
        #expect(s.expiredSeconds == 0)
        #expect(s.minMarginSeconds == 172_800)
        #expect(s.failedRequests == 0)
        #expect(s.exposureWindows.isEmpty)
        #expect(!r.hasExposure)
    }

    @Test func outageFromDayFourAndAHalfFor72Hours() {
        let outage = Outage(start: Fix.at(days: 4.5), duration: 72 * Fix.hour)
        let r = Simulator.run(Fix.worked(outages: [outage]), options: .init(recordCertificates: true))
        let s = r.services[0]
        #expect(s.expiredSeconds == 43_200)
        #expect(s.minMarginSeconds == -43_200)
        // The day-5 renewal retries every 15 minutes until day 7.5, the outage's (half-open) end.
        #expect(s.failedRequests == 240)
        #expect(s.certificates.map(\.issuedAt) == [0, 7.5, 12.5, 17.5, 22.5, 27.5].map { Fix.at(days: $0) })
        #expect(s.exposureWindows == [ExposureWindow(start: Fix.at(days: 7), end: Fix.at(days: 7.5),
                                                     task: TaskID(slot: 0, incarnation: 0), kind: .expired)])
    }

    @Test func workedExampleFromAScenarioFile() throws {
        let loaded = try Fix.parse("""
            start: 2026-12-01T00:00:00Z
            duration: 30d
            ca:
              mode: SHORT_LIVED
              lifetime: 7d
              outages:
                - {start: 2026-12-05T12:00:00Z, duration: 72h}
            rotation: {renewAt: 5d, retryInterval: 15m}
            services:
              - {name: stock, tasks: 1}
            """)
        #expect(loaded.warnings.isEmpty)
        let t = Simulator.run(loaded.scenario).totals
        #expect(t.issuances == 6)
        #expect(t.expiredSeconds == 43_200)
        #expect(t.minMarginSeconds == -43_200)
    }
}
