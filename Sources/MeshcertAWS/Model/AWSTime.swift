import MeshcertSupport

/// A timestamp in an aws CLI output: epoch seconds (the CLI v1 prints floats such as
/// 1796000000.0), ISO-8601 text, or text no reader can use (moto's `27/11/2026, 07:20:44`).
/// Decoding never fails on the text: a time that cannot be read is nil, so a field the tracker
/// does not need can never make a whole file unreadable.
public struct AWSTime: Decodable, Sendable, Equatable {
    public var seconds: EpochSeconds?

    public init(_ seconds: EpochSeconds?) { self.seconds = seconds }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let number = try? c.decode(Double.self) {
            seconds = number.isFinite && abs(number) < 1e15 ? EpochSeconds(number) : nil
        } else if let text = try? c.decode(String.self) {
            seconds = Timestamp.parse(text)
        } else {
            seconds = nil
        }
    }

    public var instant: Instant? { seconds.map(Instant.init) }
}
