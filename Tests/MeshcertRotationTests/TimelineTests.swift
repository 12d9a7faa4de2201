@testable import MeshcertRotation
import MeshcertSupport
import Testing

@Suite struct TimelineTests {
    @Test func lanesBeyondTheLimitAreAggregated() {
        // 40 services, all equally exposed by the outage: ties keep file order, so s0..s8 keep
        // their lanes (s7's name needs escaping) and 31 share the last one.
        var services = (0..<40).map { Service(name: "s\($0)", tasks: 2) }
        services[7].name = "s7<&>"
        let s = Scenario(start: Fix.start, duration: 30 * Fix.day, seed: 1,
                         ca: CertificateAuthority(outages: [Outage(start: Fix.at(days: 4.5), duration: 72 * Fix.hour)]),
                         rotation: Rotation(renewAt: .age(5 * Fix.day)), services: services)
        let result = Simulator.run(s, options: .init(recordCertificates: true))
        let timeline = TimelineSVG(result: result, laneLimit: 10)
        let lanes = timeline.lanes()
        #expect(lanes.count == 10)
        #expect(lanes.last?.label == "31 more services")
        #expect(lanes.last?.certificates.count == 31 * 2 * 6)
        let svg = timeline.render()
        #expect(svg.contains(">s7&lt;&amp;&gt;</text>"))
        #expect(!svg.contains("s7<&>"))
        #expect(svg.hasSuffix("</svg>\n"))
    }

    @Test func exposedServicesComeFirstForTheirOwnLanes() {
        var services = (0..<12).map { Service(name: "s\($0)") }
        services[11].clients = ["s0"]  // only s11 can be untrusted
        let s = Scenario(start: Fix.start, duration: 30 * Fix.day,
                         ca: CertificateAuthority(rollover: Rollover(at: Fix.at(days: 4), trustNewFrom: Fix.at(days: 6))),
                         rotation: Rotation(renewAt: .age(5 * Fix.day)), services: services)
        let lanes = TimelineSVG(result: Simulator.run(s, options: .init(recordCertificates: true)), laneLimit: 3).lanes()
        #expect(lanes.map(\.label) == ["s0", "s11", "10 more services"])
    }
}
