@testable import MeshcertRotation
import MeshcertSupport
import Testing

/// The rules as functions of a track's state, without a simulation around them (each strategy
/// calls these; `SemanticsTests` checks the same rules through whole runs).
@Suite struct RotationRulesTests {
    let day = Fix.day, hour = Fix.hour, start = Fix.start

    func rules(_ ca: CertificateAuthority = .init(), rotation: Rotation = .init(renewAt: .age(5 * 86400), retryInterval: 900)) -> RotationRules {
        RotationRules(scenario: Scenario(start: start, duration: 30 * day, ca: ca, rotation: rotation, services: [Service(name: "a")]))
    }

    @Test func outagesAreMergedAndHalfOpen() {
        let r = rules(CertificateAuthority(outages: [Outage(start: start + 2 * hour, duration: hour), Outage(start: start, duration: 0),
                                                     Outage(start: start + hour, duration: hour)]))
        #expect(r.outages == [Outage(start: start + hour, duration: 2 * hour)])
        #expect(r.outage(containing: start + hour) == 0)
        #expect(r.outage(containing: start + 3 * hour - 1) == 0)
        #expect(r.outage(containing: start + 3 * hour) == nil)
    }

    /// Outages [1000 s, 4000 s) and [4400 s, 6000 s), retries every 900 s from 1000 s: 1000, 1900,
    /// 2800, 3700 fail in the first, 4600 and 5500 in the second; 6400 is the next attempt. A
    /// restart at 2000 s cuts it short after 1000 and 1900.
    @Test func retriesJumpOverOutagesAndStopAtARestart() {
        let r = rules(CertificateAuthority(outages: [Outage(start: start + 1000, duration: 3000), Outage(start: start + 4400, duration: 1600)]))
        let through = r.retries(from: start + 1000, outage: 0, restart: .max)
        #expect(through.next == start + 6400 && through.fails == 6)
        let cut = r.retries(from: start + 1000, outage: 0, restart: start + 2000)
        #expect(cut.next == start + 2800 && cut.fails == 2)
        var track = RenewalTrack(actionAt: start + 1000)
        guard case .failed(let fails) = r.due(&track, at: start + 1000, restart: .max) else { Issue.record("not a failure"); return }
        #expect(fails == 6 && track.actionAt == start + 6400)
        track.actionAt = start + 6400
        guard case .request = r.due(&track, at: start + 6400, restart: .max) else { Issue.record("not a request"); return }
    }

    @Test func aLateTurnInsideAnOutageFailsAndRetries() {
        let r = rules(CertificateAuthority(issueLatency: 30, outages: [Outage(start: start + hour, duration: hour)]))
        var track = RenewalTrack()
        #expect(r.turnFails(request: start, turn: start + hour))
        #expect(!r.take(&track, request: start, turn: start + hour))
        #expect(track.actionAt == start + hour + 900 && !track.isCompletion)
        #expect(!r.turnFails(request: start + hour, turn: start + hour))  // at once: `due` judged the outage
        #expect(r.take(&track, request: start, turn: start + 2 * hour))
        #expect(track.actionAt == start + 2 * hour + 30 && track.isCompletion)
    }

    @Test func renewalStartsAtTheJitteredAgeButNotBeforeTheCertificateIsInHand() {
        let plain = rules(CertificateAuthority(backdate: hour))
        #expect(plain.renewalAge(key: 7, incarnation: 0, certificate: 1) == 5 * day)
        var track = RenewalTrack()
        plain.issue(&track, at: start, age: 5 * day)
        #expect(track.notBefore == start - hour && track.actionAt == start + 5 * day - hour && track.certificates == 1)
        plain.issue(&track, at: start, age: 0)
        #expect(track.actionAt == start + 1 && track.certificates == 2)
        plain.restart(&track, at: start + day)
        #expect(track.certificates == 0 && track.actionAt == start + day && !track.isCompletion)
        let jittered = rules(rotation: Rotation(renewAt: .age(5 * day), jitter: 0.1))
        let ages = (1...50).map { jittered.renewalAge(key: 7, incarnation: 0, certificate: Int32($0)) }
        #expect(ages.allSatisfy { abs($0 - 5 * day) <= day / 2 } && Set(ages).count > 1)
        #expect(ages[3] == jittered.renewalAge(key: 7, incarnation: 0, certificate: 4))  // keyed, not a stream
    }

    @Test func exposureSpans() {
        let r = rules(CertificateAuthority(rollover: Rollover(at: start + 10 * day, trustNewFrom: start + 11 * day, retireOld: start + 20 * day)))
        #expect(r.expired(issuedAt: start, notAfter: start + 7 * day, until: start + 8 * day).map { [$0.0, $0.1] } == [start + 7 * day, start + 8 * day])
        #expect(r.expired(issuedAt: start, notAfter: start + 7 * day, until: start + 7 * day) == nil)
        #expect(r.fromNewCA(issuedAt: start + 10 * day) && !r.fromNewCA(issuedAt: start + 10 * day - 1))
        #expect(r.untrusted(fromNewCA: true, issuedAt: start + 10 * day, until: start + 12 * day).map { [$0.0, $0.1] } == [start + 10 * day, start + 11 * day])
        #expect(r.untrusted(fromNewCA: false, issuedAt: start + 18 * day, until: start + 21 * day).map { [$0.0, $0.1] } == [start + 20 * day, start + 21 * day])
        #expect(r.untrusted(fromNewCA: false, issuedAt: start + 18 * day, until: start + 20 * day) == nil)
    }
}
