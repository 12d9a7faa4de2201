@testable import MeshcertRotation
import MeshcertSupport
import Testing

/// What a fleet will take (events, memory) is warned about on the final fleet: the scenario's
/// own, and one built afterwards by `--from-mesh --tasks N`, which the reader never sees.
@Suite struct WorkWarningTests {
    static func fleet(_ services: [Service]) -> Scenario {
        var s = Fix.worked()
        s.services = services
        return s
    }

    @Test func aSmallFleetIsNotWarnedAbout() {
        #expect(Self.fleet([Service(name: "a", tasks: 1_000, restartsPerDay: 1)]).workWarnings.isEmpty)
    }

    @Test func manyTasksWarnAboutMemory() {
        // 60 million tasks, 30 days, renewals every 5 days: about 1.1 billion events (no events
        // warning) but about 60 GB of memory.
        let warnings = Self.fleet([Service(name: "a", tasks: 60_000_000)]).workWarnings
        #expect(warnings.count == 1, "\(warnings)")
        #expect(warnings.first?.hasPrefix("about 60 GB of memory for 60000000 tasks (about 1 KB each)") == true, "\(warnings)")
    }

    @Test func manyEventsWarnAboutTime() {
        let warnings = Self.fleet([Service(name: "a", tasks: 2_000_000, restartsPerDay: 30)]).workWarnings
        #expect(warnings.count == 1 && warnings[0].hasPrefix("about 5 billion events to simulate"), "\(warnings)")
    }

    @Test func theReaderWarnsAboutItsOwnFleetButNotOneBuiltElsewhere() throws {
        let yaml = """
            start: 2026-12-01T00:00:00Z
            duration: 30d
            ca: {mode: SHORT_LIVED, lifetime: 7d}
            rotation: {renewAt: 5d}
            services:
              - {name: big, tasks: 9000000}
            """
        let own = try ScenarioReader.parse(yaml, file: "big.yaml")
        #expect(own.warnings.contains { $0.field == "services" && $0.message.contains("GB of memory") }, "\(own.warnings)")
        var elsewhere = try ScenarioReader.parse(yaml, file: "big.yaml", servicesFromElsewhere: true)
        #expect(!elsewhere.warnings.contains { $0.message.contains("GB of memory") })
        elsewhere.scenario.services = [Service(name: "stock-v2", tasks: 9_000_000)]
        RotationCommand.warnAboutFleet(&elsewhere, file: "big.yaml")
        #expect(elsewhere.warnings.contains { $0.field == "services" && $0.message.contains("about 9 GB of memory") }, "\(elsewhere.warnings)")
    }
}
