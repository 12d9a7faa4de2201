import MeshcertSupport

/// "Since last report": certificates added, removed and renewed, blockers fixed and new.
public struct SinceLastReport: Codable, Sendable, Equatable {
    /// The previous report's folder (or report.json), as given.
    public var previous: String?
    public var previousEvaluatedAt: Instant
    public var certificatesAdded: [Certificate]
    public var certificatesRemoved: [Certificate]
    public var certificatesRenewed: [Renewal]
    public var blockersFixed: [Blocker]
    public var blockersNew: [Blocker]

    public struct Certificate: Codable, Sendable, Equatable {
        public var subjectCommonName: String?
        public var sha256: String
        public var notAfter: String
        public var status: String
    }

    /// A certificate gone and one arrived for the same subject and names.
    public struct Renewal: Codable, Sendable, Equatable {
        public var subjectCommonName: String?
        public var previousSha256: String
        public var sha256: String
        public var previousNotAfter: String
        public var notAfter: String
    }

    public struct Blocker: Codable, Sendable, Equatable, Hashable {
        public var service: String
        public var code: String
        public var message: String
    }
}
