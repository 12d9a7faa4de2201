import Foundation

/// A comma-separated list of durations as a flag takes it (`--renew-at 3d,4d,5d`): the values in
/// seconds and the labels as the user wrote them (tables show those).
public struct DurationList: Sendable, Equatable {
    public var seconds: [Int64]
    public var labels: [String]

    /// Why a list does not read, naming the option (`--outage: ...`).
    public struct Invalid: Error, Sendable, Equatable {
        public var message: String

        public init(message: String) { self.message = message }
    }

    /// `allowZero`: `none` or `0` mean no duration (an outage of length 0).
    public init(parsing text: String, option: String, allowZero: Bool) throws(Invalid) {
        seconds = []
        labels = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for p in labels {
            if allowZero && (p == "none" || p == "0") { seconds.append(0); continue }
            guard let v = DurationText.parse(p), v > 0 else {
                throw Invalid(message: "\(option): `\(p)` is not a duration above zero (use 90s, 15m, 36h or 7d)")
            }
            seconds.append(v)
        }
        guard !seconds.isEmpty else { throw Invalid(message: "\(option): give at least one duration") }
    }
}
