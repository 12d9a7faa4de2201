/// One thing the snapshot could not give, said so that a reader knows what is missing.
public struct SnapshotProblem: Codable, Sendable, Equatable {
    /// `missing_file`, `unreadable_file`, `corrupt_file`, `unexpected_shape`, `appmesh_unreadable`, `call_failed`, `call_skipped`;
    /// `map_unmatched` and `green_set_unmatched` for a `--map` pair or `--green-set` naming nothing.
    public var code: String
    /// The file (relative to the snapshot folder), when the problem is a file.
    public var file: String?
    /// `SERVICE OPERATION [KEY]` of the call concerned.
    public var call: String?
    public var message: String

    /// The codes of a problem with the options given (a name that names nothing), not with the snapshot.
    public static let optionCodes: Set<String> = ["map_unmatched", "green_set_unmatched"]
    public var isAboutOptions: Bool { Self.optionCodes.contains(code) }

    public init(code: String, file: String? = nil, call: String? = nil, message: String) {
        self.code = code
        self.file = file
        self.call = call
        self.message = message
    }
}
