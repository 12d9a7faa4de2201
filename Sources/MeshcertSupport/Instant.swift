/// A point in time inside a typed document: written as RFC 3339 UTC text with second precision
/// (`2026-12-01T00:00:00Z`), the way every meshcert document has always written times.
public struct Instant: Codable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var seconds: EpochSeconds

    public init(_ seconds: EpochSeconds) { self.seconds = seconds }

    public var description: String { Timestamp.format(seconds) }

    public static func < (a: Instant, b: Instant) -> Bool { a.seconds < b.seconds }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(Timestamp.format(seconds))
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let s = Timestamp.parse(text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an RFC 3339 time: '\(text)'")
        }
        seconds = s
    }
}
