@testable import MeshcertRotation
import MeshcertSupport
import Testing

@Suite struct ScenarioReaderTests {
    let minimal = """
        start: 2026-12-01T00:00:00Z
        duration: 30d
        services:
          - {name: stock}
        """

    func errors(_ yaml: String) -> [ScenarioIssue] {
        do {
            _ = try Fix.parse(yaml)
            Issue.record("expected an error")
            return []
        } catch let e as ScenarioError {
            return e.items
        } catch {
            Issue.record("unexpected \(error)")
            return []
        }
    }

    @Test func defaultsFollowTheIssue() throws {
        let s = try Fix.parse(minimal).scenario
        #expect(s.ca.mode == .shortLived)
        #expect(s.ca.lifetime == 7 * 86400)
        #expect(s.renewAtSeconds == 5 * 86400)
        #expect(s.rotation.retryInterval == 900)
        #expect(s.rotation.jitter == 0)
        #expect(s.ca.backdate == 0 && s.ca.issueLatency == 0 && s.clockSkewMax == 0 && s.seed == 0)
        #expect(s.services == [Service(name: "stock", tasks: 1, restartsPerDay: 0, clients: [])])
        #expect(s.prices == .defaults)
    }

    @Test func readsEveryFieldOfTheIssuesExample() throws {
        let s = try Fix.parse("""
            start: 2026-12-01T00:00:00Z
            duration: 30d
            seed: 42
            ca:
              mode: SHORT_LIVED_CERTIFICATE
              lifetime: 36h
              backdate: 90s
              issueLatency: 15m
              rateLimit: 25/s
              outages:
                - {start: 2026-12-05T12:00:00Z, duration: 72h}
              rollover:
                at: 2026-12-10T00:00:00Z
                trustNewFrom: 2026-12-09T18:00:00+00:00
                retireOld: 2026-12-20T00:00:00Z
            rotation:
              renewAtFraction: 0.5
              retryInterval: 15m
              jitter: 0.1
            clockSkew: {max: 2s}
            services:
              - {name: frontend, tasks: 2}
              - {name: stock, tasks: 4, restartsPerDay: 0.5, clients: [frontend]}
            prices:
              SHORT_LIVED: {caMonthly: 40, perCertificate: 0.05}
            """).scenario
        #expect(s.seed == 42)
        #expect(s.ca.mode == .shortLived)
        #expect(s.ca.lifetime == 36 * 3600 && s.ca.backdate == 90 && s.ca.issueLatency == 900)
        #expect(s.ca.rateLimit == RateLimit(count: 25, per: 1))
        #expect(s.ca.outages == [Outage(start: Fix.at(days: 4.5), duration: 72 * 3600)])
        #expect(s.ca.rollover == Rollover(at: Fix.at(days: 9), trustNewFrom: Fix.at(days: 8.75), retireOld: Fix.at(days: 19)))
        #expect(s.renewAtSeconds == 18 * 3600)
        #expect(s.rotation.jitter == 0.1 && s.clockSkewMax == 2)
        #expect(s.services[1] == Service(name: "stock", tasks: 4, restartsPerDay: 0.5, clients: ["frontend"]))
        #expect(s.prices.shortLived.caMonthlyMicroDollars == 40_000_000)
        #expect(s.prices.shortLived.tiers == [.init(upTo: nil, microDollars: 50_000)])
        #expect(s.prices.generalPurpose == PriceTable.defaults.generalPurpose)
    }

    @Test func generalPurposeDefaultsTo395DaysRenewedAtTwoThirds() throws {
        let s = try Fix.parse(minimal + "\nca: {mode: GENERAL_PURPOSE}").scenario
        #expect(s.ca.lifetime == 395 * 86400)
        #expect(s.renewAtSeconds == 395 * 86400 * 2 / 3)
    }

    @Test func jsonScenariosWork() throws {
        let s = try Fix.parse("""
            {"start": "2026-12-01T00:00:00Z", "duration": "7d",
             "rotation": {"renewAt": "4d"},
             "services": [{"name": "users", "tasks": 3}]}
            """).scenario
        #expect(s.duration == 7 * 86400 && s.renewAtSeconds == 4 * 86400 && s.services[0].tasks == 3)
        let e = errors("""
            {"start": "2026-12-01T00:00:00Z", "duration": "7d",
             "services": [{"name": "users", "taks": 3}]}
            """)
        #expect(e.map(\.description) == ["test.yaml:2: error: services[0].taks: unknown field (allowed here: name, tasks, restartsPerDay, clients)"])
    }

    @Test func unknownFieldNamesFileLineAndField() {
        let e = errors(minimal + "\nca:\n  mode: SHORT_LIVED\n  lifetme: 7d\n")
        #expect(e.count == 1)
        #expect(e.first?.line == 7)
        #expect(e.first?.field == "ca.lifetme")
        #expect(e.first?.description.hasPrefix("test.yaml:7: error: ca.lifetme: unknown field") == true)
    }

    @Test func aRateWindowOfPartSecondsIsAnError() {
        // Rounded, 5/0.5s would have been 5/1s: half the rate the file says.
        let e = errors(minimal + "\nca:\n  rateLimit: 5/0.5s\n")
        #expect(e.map(\.field) == ["ca.rateLimit"])
        #expect(e.first?.message.contains("whole number of seconds") == true, "\(e)")
        // Parts add up: 0.5s0.5s is a window of 1 s, whole.
        #expect((try? Fix.parse(minimal + "\nca:\n  rateLimit: 5/0.5s0.5s\n"))?.scenario.ca.rateLimit == RateLimit(count: 5, per: 1))
        #expect(errors(minimal + "\nca:\n  rateLimit: 5/1.5s\n").map(\.field) == ["ca.rateLimit"])
        let whole = try? Fix.parse(minimal + "\nca:\n  rateLimit: 90/1.5m\n")   // 90 s: whole
        #expect(whole?.scenario.ca.rateLimit == RateLimit(count: 90, per: 90))
    }

    @Test func rateLimitsAboveABillionPerWindowAreErrors() {
        // Found in review: 10^15/m overflowed the limiter's window arithmetic (a crash).
        let e = errors(minimal + "\nca:\n  rateLimit: 1000000000000000/m\n")
        #expect(e.map(\.field) == ["ca.rateLimit"])
        #expect(e.first?.message.contains("more than 1,000,000,000 certificates per window") == true)
        #expect(errors(minimal + "\nca:\n  rateLimit: 9223372036854775807/s\n").map(\.field) == ["ca.rateLimit"])
        #expect((try? Fix.parse(minimal + "\nca:\n  rateLimit: 1000000000/s\n")) != nil)
    }

    @Test func zeroAndNegativeDurationsAreErrors() {
        let e = errors(minimal + "\nrotation:\n  renewAt: 0s\n  retryInterval: -15m\n")
        #expect(e.map(\.field) == ["rotation.renewAt", "rotation.retryInterval"])
        #expect(e.map(\.line) == [6, 7])
        #expect(e[0].message.contains("zero duration"))
        #expect(e[1].message.contains("negative duration -15m"))
        #expect(errors(minimal.replacingOccurrences(of: "30d", with: "30 days"))[0].message.contains("not a duration"))
    }

    @Test func durationsInEveryUnit() throws {
        let s = try Fix.parse(minimal + "\nca: {issueLatency: 90s, backdate: 15m}\nrotation: {renewAt: 36h, retryInterval: 7d}").scenario
        #expect([s.ca.issueLatency, s.ca.backdate, s.renewAtSeconds, s.rotation.retryInterval] == [90, 900, 129_600, 604_800])
    }

    @Test func shortLivedLifetimeAboveSevenDaysIsAnError() throws {
        let e = errors(minimal + "\nca:\n  lifetime: 8d\n")
        #expect(e.count == 1)
        #expect(e[0].field == "ca.lifetime" && e[0].line == 6)
        #expect(e[0].message.contains("7-day limit of SHORT_LIVED"))
        // The same lifetime is fine in GENERAL_PURPOSE mode.
        let gp = try Fix.parse(minimal + "\nca:\n  mode: GENERAL_PURPOSE\n  lifetime: 8d\n")
        #expect(gp.scenario.ca.lifetime == 8 * 86400)
    }

    @Test func renewAtNotBelowLifetimeIsAWarning() throws {
        let loaded = try Fix.parse(minimal + "\nrotation:\n  renewAt: 7d\n")
        #expect(loaded.warnings.count == 1)
        #expect(loaded.warnings[0].severity == .warning)
        #expect(loaded.warnings[0].field == "rotation.renewAt" && loaded.warnings[0].line == 6)
        #expect(loaded.warnings[0].message.contains("every certificate expires before its renewal starts"))
    }

    @Test func everyErrorIsReportedAtOnce() {
        let e = errors("""
            start: yesterday
            duration: 30d
            seed: -1
            ca: {mode: CHEAP, rateLimit: fast}
            rotation: {jitter: 2}
            services:
              - {name: stock, tasks: 0, clients: [nobody]}
              - {name: stock}
            """)
        #expect(Set(e.map(\.field)) == ["start", "seed", "ca.mode", "ca.rateLimit", "rotation.jitter", "services[0].tasks",
                                        "services[1].name"])
        #expect(e.allSatisfy { $0.line != nil })
    }

    @Test func unknownClientIsAnError() {
        let e = errors(minimal + "\n  - {name: users, clients: [frontend]}\n")
        #expect(e.map(\.field) == ["services[1].clients"])
        #expect(e[0].message.contains("`frontend` is not a service"))
    }

    @Test func syntaxErrorsAndMissingFilesAreClear() {
        let e = errors("start: [2026\nservices: }")
        #expect(e.count == 1 && e[0].line != nil && e[0].message.hasPrefix("not valid YAML or JSON"))
        #expect(throws: ScenarioError.self) { try ScenarioReader.load(path: "/nonexistent/scenario.yaml") }
        let missing = errors("seed: 1\n")
        #expect(Set(missing.map(\.field)) == ["start", "duration", "services"])
    }

    @Test func renewalThatWouldStartBeforeIssueIsAnError() {
        let e = errors(minimal + "\nca: {backdate: 2h}\nrotation: {renewAt: 1h}\n")
        #expect(e.map(\.field) == ["rotation.renewAt"])
    }

    @Test func committedScenariosLoad() throws {
        for name in ["demo", "demo-hardened", "worked-example"] {
            let loaded = try ScenarioReader.load(path: Fix.repo + "/Certs/scenarios/\(name).yaml")
            #expect(loaded.warnings.isEmpty, "\(name)")
        }
    }

    /// The example of every field in docs/rotate.md ("Scenario files").
    @Test func theDocumentedScenarioExampleParses() throws {
        let page = try String(contentsOfFile: Fix.repo + "/docs/rotate.md", encoding: .utf8)
        let section = try #require(page.components(separatedBy: "<!-- section: rotate -->").dropFirst().last)
        let yaml = try #require(section.components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "```").first)
        let s = try Fix.parse(yaml).scenario
        #expect(s.seed == 42 && s.ca.rateLimit == RateLimit(count: 25, per: 1) && s.services.count == 2)
        #expect(s.prices.generalPurpose == PriceTable.defaults.generalPurpose && s.prices.shortLived == PriceTable.defaults.shortLived)
    }
}
