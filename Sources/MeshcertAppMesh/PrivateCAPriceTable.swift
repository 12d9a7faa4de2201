import Foundation
import MeshcertSupport

/// AWS Private CA prices as `meshcert mesh` uses them. The numbers themselves live in one place,
/// `PrivateCAListPrices` (MeshcertSupport), shared with `meshcert rotate`; `--prices FILE`
/// overrides them with the same keys in JSON (see `decode`). Nothing else hard-codes a price.
public struct PrivateCAPriceTable: Sendable, Equatable {
    public struct Tier: Sendable, Equatable {
        /// Certificates per month up to which this price applies; nil = no upper bound.
        public var upTo: Int?
        public var pricePerCertificate: Double
        public init(upTo: Int?, pricePerCertificate: Double) {
            self.upTo = upTo
            self.pricePerCertificate = pricePerCertificate
        }
    }

    public var label: String
    /// Monthly fee per CA (prorated) for each usage mode.
    public var generalPurposeCAMonthly: Double
    public var shortLivedCAMonthly: Double
    /// Per-certificate prices by monthly volume.
    public var generalPurposeTiers: [Tier]
    public var shortLivedTiers: [Tier]
    /// How often certificates are (re)issued: App Mesh / ACM private certificates live 395 days;
    /// Service Connect renews its 7-day certificates every 5 days, per task.
    public var generalPurposeLifetimeDays: Double
    public var shortLivedRenewalDays: Double
    public var daysPerMonth: Double

    /// The list prices, from the one table every meshcert command reads
    /// (`PrivateCAListPrices` in MeshcertSupport), plus the issuance rhythm of each mode.
    public static let listPrices = PrivateCAPriceTable(
        label: "AWS Private CA list prices, us-east-1 (short-lived per-certificate price unconfirmed)",
        generalPurposeCAMonthly: PrivateCAListPrices.generalPurposeCAMonthly,
        shortLivedCAMonthly: PrivateCAListPrices.shortLivedCAMonthly,
        generalPurposeTiers: PrivateCAListPrices.generalPurposeTiers.map { Tier(upTo: $0.upTo, pricePerCertificate: $0.dollars) },
        shortLivedTiers: PrivateCAListPrices.shortLivedTiers.map { Tier(upTo: $0.upTo, pricePerCertificate: $0.dollars) },
        generalPurposeLifetimeDays: 395,
        shortLivedRenewalDays: 5,
        daysPerMonth: 30
    )

    /// Cost of `certificates` issued in one month under tiered prices.
    public static func certificateCost(_ certificates: Double, tiers: [Tier]) -> Double {
        var remaining = certificates, lower = 0.0, total = 0.0
        for tier in tiers where remaining > 0 {
            let span = tier.upTo.map { Double($0) - lower } ?? remaining
            let here = min(remaining, max(span, 0))
            total += here * tier.pricePerCertificate
            remaining -= here
            if let upTo = tier.upTo { lower = Double(upTo) }
        }
        return total
    }

    /// Reads a table from JSON: any key left out keeps its list-price value.
    /// `{"label": "...", "generalPurposeCAMonthly": 400, "shortLivedCAMonthly": 50,
    ///   "generalPurposeTiers": [{"upTo": 1000, "pricePerCertificate": 0.75}, ...],
    ///   "shortLivedTiers": [...], "generalPurposeLifetimeDays": 395, "shortLivedRenewalDays": 5, "daysPerMonth": 30}`
    static let knownKeys: Set<String> = ["label", "generalPurposeCAMonthly", "shortLivedCAMonthly", "generalPurposeTiers",
                                         "shortLivedTiers", "generalPurposeLifetimeDays", "shortLivedRenewalDays", "daysPerMonth"]

    public static func decode(_ data: Data, file: String) throws -> PrivateCAPriceTable {
        let doc: DocValue
        do { doc = try DocValue.json(data) } catch {
            throw AppMeshLoader.jsonError(error, [UInt8](data), file: file)   // with line and column
        }
        let root = FieldPath(doc, path: "")
        var table = listPrices
        do {
            guard try root.object() != nil else { throw FieldPath.Failure(field: "(top level)", message: "expected an object") }
            try root.onlyKeys(knownKeys)   // a misspelt key would silently keep the list price
            /// A price is a finite amount of zero or more; a number of days more than zero.
            func amount(_ f: FieldPath, positive: Bool = false) throws -> Double {
                let v: Double
                switch f.value {
                case .int(let i)?: v = Double(i)
                case .double(let d)?: v = d
                default: throw FieldPath.Failure(field: f.path, message: "expected a number")
                }
                guard v.isFinite, positive ? v > 0 : v >= 0 else {
                    throw FieldPath.Failure(field: f.path, message: positive ? "must be more than 0" : "must be 0 or more")
                }
                return v
            }
            func number(_ key: String, positive: Bool = false) throws -> Double? {
                let f = try root.child(key)
                guard f.isPresent else { return nil }
                return try amount(f, positive: positive)
            }
            func tiers(_ key: String) throws -> [Tier]? {
                let f = try root.child(key)
                guard f.isPresent else { return nil }
                return try f.array().map { t in
                    try t.onlyKeys(["upTo", "pricePerCertificate"])   // a misspelt upTo would read as unlimited
                    let upTo = try t.child("upTo")
                    if let n = try upTo.int(), n <= 0 { throw FieldPath.Failure(field: upTo.path, message: "must be more than 0 (or null: no limit)") }
                    return Tier(upTo: try upTo.int(), pricePerCertificate: try amount(t.child("pricePerCertificate")))
                }
            }
            if let s = try root.child("label").string() { table.label = s }
            if let v = try number("generalPurposeCAMonthly") { table.generalPurposeCAMonthly = v }
            if let v = try number("shortLivedCAMonthly") { table.shortLivedCAMonthly = v }
            if let v = try tiers("generalPurposeTiers") { table.generalPurposeTiers = v }
            if let v = try tiers("shortLivedTiers") { table.shortLivedTiers = v }
            if let v = try number("generalPurposeLifetimeDays", positive: true) { table.generalPurposeLifetimeDays = v }
            if let v = try number("shortLivedRenewalDays", positive: true) { table.shortLivedRenewalDays = v }
            if let v = try number("daysPerMonth", positive: true) { table.daysPerMonth = v }
        } catch let f as FieldPath.Failure {
            throw Diagnostic(file: file, field: f.field, code: "invalid_value", message: f.message)
        }
        return table
    }
}

/// Monthly Private CA cost of one usage mode for the scanned configuration.
public struct CAModeCost: Sendable, Equatable {
    public var usageMode: String
    public var certificateAuthorities: Int
    public var certificatesPerMonth: Double
    public var caMonthly: Double
    public var certificatesMonthly: Double
    public var totalMonthly: Double { caMonthly + certificatesMonthly }
}

public struct CACostComparison: Sendable, Equatable {
    public var generalPurpose: CAModeCost
    public var shortLived: CAModeCost
    public var services: Int
    public var tasksPerService: Int
    public var certificatesInUse: Int
    public var priceLabel: String

    /// Today (GENERAL_PURPOSE): the CAs found, and each certificate in use re-issued once per its
    /// lifetime. Service Connect (SHORT_LIVED): as many CAs, and every task of every service
    /// re-issued every renewal period.
    public static func estimate(certificateAuthorities: Int, certificatesInUse: Int, services: Int,
                                tasksPerService: Int, prices: PrivateCAPriceTable) -> CACostComparison {
        let cas = max(1, certificateAuthorities)
        let gpPerMonth = Double(certificatesInUse) * prices.daysPerMonth / prices.generalPurposeLifetimeDays
        let slPerMonth = Double(services * tasksPerService) * prices.daysPerMonth / prices.shortLivedRenewalDays
        let gp = CAModeCost(usageMode: "GENERAL_PURPOSE", certificateAuthorities: cas, certificatesPerMonth: gpPerMonth,
                            caMonthly: Double(cas) * prices.generalPurposeCAMonthly,
                            certificatesMonthly: PrivateCAPriceTable.certificateCost(gpPerMonth, tiers: prices.generalPurposeTiers))
        let sl = CAModeCost(usageMode: "SHORT_LIVED_CERTIFICATE", certificateAuthorities: cas, certificatesPerMonth: slPerMonth,
                            caMonthly: Double(cas) * prices.shortLivedCAMonthly,
                            certificatesMonthly: PrivateCAPriceTable.certificateCost(slPerMonth, tiers: prices.shortLivedTiers))
        return CACostComparison(generalPurpose: gp, shortLived: sl, services: services, tasksPerService: tasksPerService,
                                certificatesInUse: certificatesInUse, priceLabel: prices.label)
    }
}
