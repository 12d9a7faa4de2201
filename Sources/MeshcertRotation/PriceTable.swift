import MeshcertSupport

/// The prices the cost model reads: defaults from the list prices in
/// `MeshcertSupport.PrivateCAListPrices` (edit them there), overridden by a scenario's `prices:`.
/// Amounts are kept in micro-dollars so sums are exact.
public struct PriceTable: Sendable, Equatable {
    public struct Tier: Sendable, Equatable {
        /// Certificates in a 30-day period up to and including this count (nil: no upper bound).
        public var upTo: Int?
        public var microDollars: Int64
        public init(upTo: Int?, microDollars: Int64) {
            self.upTo = upTo
            self.microDollars = microDollars
        }
    }

    public struct ModePrices: Sendable, Equatable {
        /// Monthly CA fee, prorated by window length over 30 days.
        public var caMonthlyMicroDollars: Int64
        /// Per-certificate tiers, applied to the certificates of each 30-day period.
        public var tiers: [Tier]
        public init(caMonthlyMicroDollars: Int64, tiers: [Tier]) {
            self.caMonthlyMicroDollars = caMonthlyMicroDollars
            self.tiers = tiers
        }
    }

    public var shortLived: ModePrices
    public var generalPurpose: ModePrices

    public subscript(mode: CAMode) -> ModePrices {
        get { mode == .shortLived ? shortLived : generalPurpose }
        set { if mode == .shortLived { shortLived = newValue } else { generalPurpose = newValue } }
    }

    public static let defaults = PriceTable(
        shortLived: ModePrices(caMonthlyMicroDollars: micro(PrivateCAListPrices.shortLivedCAMonthly),
                               tiers: PrivateCAListPrices.shortLivedTiers.map { Tier(upTo: $0.upTo, microDollars: micro($0.dollars)) }),
        generalPurpose: ModePrices(caMonthlyMicroDollars: micro(PrivateCAListPrices.generalPurposeCAMonthly),
                                   tiers: PrivateCAListPrices.generalPurposeTiers.map { Tier(upTo: $0.upTo, microDollars: micro($0.dollars)) })
    )

    static func micro(_ dollars: Double) -> Int64 { Int64((dollars * 1e6).rounded()) }

    /// Fee for `count` certificates issued in one 30-day period.
    public func certificateFee(mode: CAMode, count: Int) -> Int64 {
        var rest = count, below = 0
        var total: Int64 = 0
        for tier in self[mode].tiers where rest > 0 {
            let room = tier.upTo.map { max(0, $0 - below) } ?? rest
            let n = min(rest, room)
            total += Int64(n) * tier.microDollars
            rest -= n
            if let upTo = tier.upTo { below = upTo }
        }
        // Beyond the last bounded tier: the last tier's price.
        if rest > 0, let last = self[mode].tiers.last { total += Int64(rest) * last.microDollars }
        return total
    }
}
