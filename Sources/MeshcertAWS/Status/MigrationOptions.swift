import MeshcertSupport

/// What `meshcert aws status` is asked (the CLI's options, parsed).
public struct MigrationOptions: Sendable, Equatable {
    /// The evaluation time (`--at`): expiry warnings are relative to it.
    public var at: EpochSeconds
    /// `--warn-days`: a CA or ACM certificate ending within this many days is a warning.
    public var warnDays: Int
    /// `--green-set ID`: record SetIdentifiers or target group names (or ARNs) that are green,
    /// whatever they resolve to.
    public var greenSets: [String]
    /// `--map FILE`: explicit pairs (read by `MigrationStatus.run`).
    public var mapFile: String?

    public init(at: EpochSeconds, warnDays: Int = 90, greenSets: [String] = [], mapFile: String? = nil) {
        self.at = at
        self.warnDays = warnDays
        self.greenSets = greenSets
        self.mapFile = mapFile
    }
}
