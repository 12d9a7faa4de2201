/// AWS Private CA list prices (us-east-1, US dollars; AWS Private CA pricing page), as plain
/// numbers that any meshcert target can read. The short-lived per-certificate price is the one
/// published for some Regions and unconfirmed for us-east-1. The ONE place meshcert keeps them:
/// `meshcert rotate` (Sources/MeshcertRotation/PriceTable.swift) and `meshcert mesh`
/// (Sources/MeshcertAppMesh/PrivateCAPriceTable.swift) build their tables from these.
public enum PrivateCAListPrices {
    /// A per-certificate price for the certificates of a month up to `upTo` (nil: no upper bound).
    public typealias Tier = (upTo: Int?, dollars: Double)

    public static let generalPurposeCAMonthly = 400.0
    public static let shortLivedCAMonthly = 50.0
    public static let generalPurposeTiers: [Tier] = [(1_000, 0.75), (10_000, 0.35), (nil, 0.001)]
    public static let shortLivedTiers: [Tier] = [(nil, 0.058)]
}
