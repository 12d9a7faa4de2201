import Foundation
import MeshcertSupport

/// Holds the two results of `CostComparison.simulate`: each field is written by exactly one of
/// the two concurrent iterations and read only after both have finished.
private final class PairBox: @unchecked Sendable {
    var first: SimulationResult?
    var second: SimulationResult?
}

/// What a window of issuance costs in one CA mode: the CA's monthly fee prorated by window length
/// over 30 days, plus per-certificate tiers applied to each 30-day period's certificates.
public struct ModeCost: Sendable, Equatable {
    public var mode: CAMode
    public var caFeeMicroDollars: Int64
    public var certificateFeesMicroDollars: Int64
    public var certificates: Int
    public var totalMicroDollars: Int64 { caFeeMicroDollars + certificateFeesMicroDollars }

    public init(mode: CAMode, duration: Int64, issuancesPerPeriod: [Int], prices: PriceTable) {
        self.mode = mode
        let monthly = prices[mode].caMonthlyMicroDollars
        // Prorated, rounded to the nearest micro-dollar.
        caFeeMicroDollars = (monthly * duration + 1_296_000) / 2_592_000
        certificateFeesMicroDollars = issuancesPerPeriod.reduce(0) { $0 + prices.certificateFee(mode: mode, count: $1) }
        certificates = issuancesPerPeriod.reduce(0, +)
    }
}

public struct CostComparison: Sendable, Equatable {
    public var chosen: ModeCost
    /// The same fleet, same window, outages and churn, in the other CA mode with that mode's
    /// default lifetime and renewal point (GENERAL_PURPOSE: 395 days renewed at 2/3;
    /// SHORT_LIVED: 7 days renewed at 5 days).
    public var alternative: ModeCost
    public var alternativeLifetime: Int64
    public var alternativeRenewAt: Int64
    /// Events the alternative run processed (for benchmarks).
    public var alternativeEvents: Int = 0

    public static func compute(for result: SimulationResult) -> CostComparison {
        let alt = Simulator.run(alternativeScenario(result.scenario), options: SimulationOptions(recordExposure: false))
        return compare(result, alt)
    }

    /// Simulates the scenario and its other-mode alternative in one pass (the alternative is a
    /// second track of each task, sharing its restarts, with its own rate limiter if any); the
    /// global event queue strategy runs them as two runs side by side on two threads. Both give the same numbers (a test compares them).
    public static func simulate(_ scenario: Scenario, options: SimulationOptions) -> (SimulationResult, CostComparison) {
        guard options.strategy == .automatic else {
            return simulateSeparately(scenario, options: options)
        }
        var combined = options
        combined.alternative = true
        let one = Simulator.run(scenario, options: combined)
        if let alt = one.alternative {
            var result = one
            result.alternative = nil
            let other = alternativeScenario(scenario)
            return (result, CostComparison(
                chosen: ModeCost(mode: scenario.ca.mode, duration: scenario.duration,
                                 issuancesPerPeriod: result.issuancesPerPeriod, prices: scenario.prices),
                alternative: ModeCost(mode: other.ca.mode, duration: other.duration,
                                      issuancesPerPeriod: alt.issuancesPerPeriod, prices: other.prices),
                alternativeLifetime: other.ca.lifetime, alternativeRenewAt: other.renewAtSeconds,
                alternativeEvents: alt.events))
        }
        return (one, compute(for: one))
    }

    /// The scenario and its alternative as two runs on two threads.
    public static func simulateSeparately(_ scenario: Scenario, options: SimulationOptions) -> (SimulationResult, CostComparison) {
        let box = PairBox()
        let other = alternativeScenario(scenario)
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 {
                box.first = Simulator.run(scenario, options: options)
            } else {
                box.second = Simulator.run(other, options: SimulationOptions(recordExposure: false))
            }
        }
        let result = box.first!
        return (result, compare(result, box.second!))
    }

    static func compare(_ result: SimulationResult, _ alt: SimulationResult) -> CostComparison {
        let scenario = result.scenario, other = alt.scenario
        let chosen = ModeCost(mode: scenario.ca.mode, duration: scenario.duration,
                              issuancesPerPeriod: result.issuancesPerPeriod, prices: scenario.prices)
        return CostComparison(chosen: chosen,
                              alternative: ModeCost(mode: other.ca.mode, duration: other.duration,
                                                    issuancesPerPeriod: alt.issuancesPerPeriod, prices: other.prices),
                              alternativeLifetime: other.ca.lifetime, alternativeRenewAt: other.renewAtSeconds,
                              alternativeEvents: alt.events)
    }

    static func alternativeScenario(_ s: Scenario) -> Scenario {
        var other = s
        let mode = s.ca.mode.other
        other.ca.mode = mode
        other.ca.lifetime = mode.defaultLifetime
        other.rotation.renewAt = .modeDefault
        other.ca.rollover = nil
        return other
    }
}

public enum Money {
    /// Dollars with cents (rounded half up), as a JSON-friendly double: 12.345678 -> 12.35.
    public static func dollars(_ micro: Int64) -> Double {
        Double((micro + 5_000) / 10_000) / 100
    }

    public static func text(_ micro: Int64) -> String {
        let cents = (micro + 5_000) / 10_000
        let c = cents % 100
        return "$\(cents / 100).\(c < 10 ? "0" : "")\(c)"
    }
}
