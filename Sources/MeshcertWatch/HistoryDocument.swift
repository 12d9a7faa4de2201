import MeshcertSupport

/// The `meshcert.watch.history.v1` document (`meshcert watch history --format json`).
public struct HistoryDocument: Codable, Sendable, Equatable {
    public static let schema = "meshcert.watch.history.v1"

    public var schema: String
    /// The database it was read from.
    public var state: String
    public var targets: [Target]

    public struct Target: Codable, Sendable, Equatable {
        public var target: String
        /// Times the served certificate changed from one observation (probe or scan) to the next.
        public var changes: Int64
        /// When the last change was seen; null: never.
        public var lastChange: Instant?
        /// SHA-256 of the certificate served at the last probe that saw one.
        public var current: String?
        /// Every distinct certificate, in the order first seen.
        public var certificates: [Certificate]
    }

    public struct Certificate: Codable, Sendable, Equatable {
        /// Lowercase hex.
        public var serial: String
        public var sha256: String
        public var notBefore: Instant?
        public var notAfter: Instant?
        public var firstSeen: Instant
        public var lastSeen: Instant
    }

    public init(state: String, histories: [TargetHistory]) {
        schema = Self.schema
        self.state = state
        targets = histories.map { h in
            Target(target: h.target, changes: h.changes, lastChange: h.lastChange.map(Instant.init), current: h.current,
                   certificates: h.certificates.map {
                       Certificate(serial: $0.serial, sha256: $0.sha256, notBefore: $0.notBefore.map(Instant.init),
                                   notAfter: $0.notAfter.map(Instant.init), firstSeen: Instant($0.firstSeen), lastSeen: Instant($0.lastSeen))
                   })
        }
    }

    public func render(pretty: Bool = true) throws -> String { try JSONValueEncoder().encode(self).render(pretty: pretty) }

    /// One row per certificate, grouped by target; `*` marks the one served last.
    public static func table(_ histories: [TargetHistory]) -> String {
        var table = TextTable(header: ["TARGET", "SERIAL", "NOT BEFORE", "NOT AFTER", "FIRST SEEN", "LAST SEEN", "SHA-256"])
        for h in histories {
            for c in h.certificates {
                table.add([h.target, (c.sha256 == h.current ? "* " : "  ") + c.serial, c.notBefore.map(Timestamp.format) ?? "-",
                           c.notAfter.map(Timestamp.format) ?? "-", Timestamp.format(c.firstSeen), Timestamp.format(c.lastSeen),
                           String(c.sha256.prefix(16))])
            }
        }
        let changes = histories.map { "\($0.target): \($0.changes) change\($0.changes == 1 ? "" : "s")" }.joined(separator: "\n")
        return table.render(indent: "") + "\n\n" + changes + "\n"
    }
}
