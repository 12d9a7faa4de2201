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

    public init(code: String, file: String? = nil, call: String? = nil, message: String) {
        self.code = code
        self.file = file
        self.call = call
        self.message = message
    }
}
