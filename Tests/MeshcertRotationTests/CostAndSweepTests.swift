@testable import MeshcertRotation
import Foundation
import MeshcertSupport
import Testing

@Suite struct CostTests {
    @Test func generalPurposeTiersApplyPerPeriod() {
        let p = PriceTable.defaults
        #expect(p.certificateFee(mode: .generalPurpose, count: 1_000) == 750_000_000)
        // 1000 × 0.75 + 500 × 0.35
        #expect(p.certificateFee(mode: .generalPurpose, count: 1_500) == 925_000_000)
        // 1000 × 0.75 + 9000 × 0.35 + 5000 × 0.001
        #expect(p.certificateFee(mode: .generalPurpose, count: 15_000) == 3_905_000_000)
        #expect(p.certificateFee(mode: .shortLived, count: 15_000) == 870_000_000)
        // Tiers restart each 30-day period: two periods of 1,000 cost 2 × 750, not 750 + 350.
        let cost = ModeCost(mode: .generalPurpose, duration: 60 * 86400, issuancesPerPeriod: [1_000, 1_000], prices: p)
        #expect(cost.certificateFeesMicroDollars == 1_500_000_000)
        #expect(cost.caFeeMicroDollars == 800_000_000)
    }

    @Test func caFeeIsProratedOverThirtyDays() {
        let cost = ModeCost(mode: .shortLived, duration: 15 * 86400, issuancesPerPeriod: [0], prices: .defaults)
        #expect(cost.caFeeMicroDollars == 25_000_000)
    }

    @Test func workedExampleCostAndAlternative() {
        let r = Simulator.run(Fix.worked())
        let c = CostComparison.compute(for: r)
        #expect(c.chosen.certificates == 6)
        #expect(c.chosen.totalMicroDollars == 50_000_000 + 6 * 58_000)
        #expect(Money.dollars(c.chosen.totalMicroDollars) == 50.35)
        // GENERAL_PURPOSE: one 395-day certificate covers the 30 days.
        #expect(c.alternative.mode == .generalPurpose && c.alternative.certificates == 1)
        #expect(c.alternative.totalMicroDollars == 400_750_000)
        #expect(c.alternativeLifetime == 395 * 86400 && c.alternativeRenewAt == 395 * 86400 * 2 / 3)
    }
}

@Suite struct SweepTests {
    @Test func outageAtTheFirstRenewalExpiresWhatItOutlasts() {
        // No outage in the scenario: one starts at start + renewAt. The renewal succeeds when it
        // ends (lengths are multiples of the 15m retry), so expired = max(0, renewAt + L - 7d).
        let d = Fix.day, h = Fix.hour
        let renewAts = [3 * d, 4 * d, 5 * d, 6 * d], outages: [Int64] = [0, 24 * h, 48 * h, 72 * h]
        let cells = Sweep.run(Fix.worked(), renewAts: renewAts, outages: outages)
        #expect(cells.count == 16)
        for c in cells {
            #expect(c.totals.expiredSeconds == max(0, c.renewAt + c.outage - 7 * d), "renewAt \(c.renewAt) outage \(c.outage)")
        }
        let table = Sweep.table(file: "w.yaml", base: Fix.worked(), renewAts: renewAts, outages: outages, cells: cells)
        #expect(table.contains("6d                ok (margin 1d)  ok (margin 0s)  EXPOSED 1d (margin -1d)  EXPOSED 2d (margin -2d)"))
    }

    @Test func scenarioOutagesKeepTheirStartAndTakeTheColumnLength() {
        let base = Fix.worked(outages: [Outage(start: Fix.at(days: 4.5), duration: 72 * Fix.hour)])
        let s = Sweep.scenario(base, renewAt: 5 * Fix.day, outage: 24 * Fix.hour)
        #expect(s.ca.outages == [Outage(start: Fix.at(days: 4.5), duration: 24 * Fix.hour)])
        let cells = Sweep.run(base, renewAts: [5 * Fix.day], outages: [72 * Fix.hour])
        #expect(cells[0].totals.expiredSeconds == 43_200)
    }
}

@Suite struct MeshFleetTests {
    @Test func virtualNodesBecomeServicesWithClientsFromBackends() {
        // The guide's shop: frontend calls users (Cloud Map name) and stock (a router over
        // stock and stock-v2); the gateway is not a virtual node.
        let nodes = [
            FleetNode(name: "frontend", backends: ["users.shop.local", "stock.shop.local", "payments.other"], aliases: ["frontend.shop.local"]),
            FleetNode(name: "stock", backends: [], aliases: ["stock.shop.local"]),
            FleetNode(name: "stock-v2", backends: [], aliases: ["stock-v2.shop.internal"]),
            FleetNode(name: "users", backends: [], aliases: ["users.shop.local"]),
        ]
        let providers = ["stock.shop.local": ["stock", "stock-v2"]]
        let base = [Service(name: "users", tasks: 3, restartsPerDay: 0.5), Service(name: "batch", tasks: 2)]
        let built = MeshFleet.services(nodes: nodes, providers: providers, base: base, defaultTasks: 2)
        #expect(built.services == [
            Service(name: "frontend", tasks: 2),
            Service(name: "stock", tasks: 2, clients: ["frontend"]),
            Service(name: "stock-v2", tasks: 2, clients: ["frontend"]),
            Service(name: "users", tasks: 3, restartsPerDay: 0.5, clients: ["frontend"]),
            Service(name: "batch", tasks: 2),
        ])
        #expect(built.unresolved == ["frontend -> payments.other"])
    }

    @Test func drawsFollowServiceNamesNotPositions() {
        let a = Scenario(start: Fix.start, duration: 30 * Fix.day, seed: 5,
                         services: [Service(name: "a", tasks: 2, restartsPerDay: 1), Service(name: "b", tasks: 2, restartsPerDay: 1)])
        var b = a
        b.services.reverse()
        let ra = Simulator.run(a), rb = Simulator.run(b)
        #expect(ra.services[0] == rb.services[1] && ra.services[1] == rb.services[0])
    }
}

@Suite struct DrawTests {
    @Test func fastLogarithmMatchesLibm() {
        var worst = 0.0
        var x = 1.0
        while x > 1e-300 {
            for f in [1.0, 0.999_999, 0.75, 0.5000001, 0.3333, 0.70710678, 0.7071068] {
                let v = x * f
                let exact = Foundation.log(v)
                let err = abs(Draw.log(v) - exact) / max(abs(exact), 1e-300)
                if exact != 0 { worst = max(worst, err) } else { #expect(abs(Draw.log(v)) < 1e-15) }
            }
            x *= 0.37
        }
        #expect(worst < 1e-11)
    }

    /// `Draw.log` reads the exponent and significand from the bits: the same values, to the bit,
    /// as through `Double.exponent` and `Double.significand` (restart times must not change).
    @Test func logarithmFromBitsEqualsTheGeneralPath() {
        func reference(_ x: Double) -> Double {
            var e = Double(x.exponent)
            var s = x.significand
            if s > 1.414_213_562_373_095 {
                s *= 0.5
                e += 1
            }
            let z = (s - 1) / (s + 1), z2 = z * z
            let series = 1 + z2 * (1.0 / 3 + z2 * (1.0 / 5 + z2 * (1.0 / 7 + z2 * (1.0 / 9 + z2 * (1.0 / 11 + z2 * (1.0 / 13))))))
            return e * 0.693_147_180_559_945_3 + 2 * z * series
        }
        var g = SplitMix(seed: 9)
        for _ in 0..<100_000 {
            let x = 1 - Double(g.next() >> 11) * 0x1.0p-53
            #expect(Draw.log(x).bitPattern == reference(x).bitPattern)
        }
        for x in [1.0, 0x1.0p-53, 0.5, 0x1.fffffffffffffp-1, 4.9e-324, 2.2e-308] {
            #expect(Draw.log(x).bitPattern == reference(x).bitPattern)
        }
    }

    @Test func restartGapsAverageTheirMean() {
        let draws = TaskDraws(seed: 9, start: 0, skewMax: 0)
        var t: Int64 = 0
        for n in 0..<20_000 { t = draws.restart(after: t, service: "s", slot: 0, incarnation: n, perDay: 1) }
        // 20,000 exponential gaps of mean 1 day: the mean is within 3% of a day.
        #expect(abs(Double(t) / 20_000 - 86_400) < 0.03 * 86_400)
    }
}

@Suite struct CalendarQueueTests {
    /// Pops come out in (time, slot) order, including events scheduled into the bucket being
    /// processed, exactly as a full sort would give.
    @Test func popsInTimeThenSlotOrder() {
        let duration: Int64 = 50_000_000  // wide buckets (48 s): many events share one
        var queue = CalendarQueue(duration: duration, slots: 2_000)
        var pending: [Int: Int64] = [:]
        var x: UInt64 = 12345
        func next() -> UInt64 { x = Draw.mix(x); return x }
        for slot in 0..<2_000 {
            let t = Int64(next() % 1_000_000)
            queue.push(offset: t, slot: slot)
            pending[slot] = t
        }
        var popped: [(Int64, Int)] = []
        while let (t, slot) = queue.pop() {
            #expect(pending[slot] == t)
            pending[slot] = nil
            popped.append((t, slot))
            // Reschedule some slots a little later (often inside the current bucket).
            if popped.count < 20_000 {
                let later = t + Int64(next() % 100)
                if later < duration { queue.push(offset: later, slot: slot); pending[slot] = later }
            }
        }
        #expect(pending.isEmpty)
        #expect(popped.count > 10_000)
        #expect(zip(popped, popped.dropFirst()).allSatisfy { $0 <= $1 })
    }
}
