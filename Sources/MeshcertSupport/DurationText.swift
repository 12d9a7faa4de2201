import Foundation

/// Durations as users write them: `90s`, `15m`, `36h`, `7d`, `2w`, combinations such as `1d12h`,
/// or a bare number of seconds.
public enum DurationText {
    /// The largest duration accepted: 100 years, far beyond any certificate or simulation.
    public static let maxSeconds: Double = 100 * 366 * 86400

    public static func parse(_ text: String) -> Int64? {
        // Bounded to ±100 years so no later arithmetic overflows (found by fuzzing).
        guard let total = seconds(text), total.magnitude <= maxSeconds else { return nil }
        return Int64(total)
    }

    /// True when `text` is a well-formed duration beyond the 100-year bound (so an error can
    /// say "too long" rather than "not a duration").
    public static func isOverLimit(_ text: String) -> Bool {
        guard let total = seconds(text) else { return false }
        return total.magnitude > maxSeconds
    }

    /// True when `text` is a duration of whole seconds, which `parse` reads without rounding
    /// (`1.5m` and `0.5s0.5s` are; `0.5s` is not): where rounding would change a meaning, as a
    /// rate's window.
    public static func isWholeSeconds(_ text: String) -> Bool {
        guard let exact = seconds(text, rounded: false) else { return false }
        return abs(exact - exact.rounded()) < 1e-6   // 0.1m is 6.000000000000001 in binary
    }

    /// The seconds `text` says: its parts added up, then rounded to a whole second (unless
    /// `rounded` is false); unbounded; nil when it is not a duration.
    private static func seconds(_ text: String, rounded: Bool = true) -> Double? {
        let s = text.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty else { return nil }
        if let plain = Int64(s) { return Double(plain) }
        // Allow "ms" only as an error: meshcert works in whole seconds.
        if s.hasSuffix("ms") { return nil }
        var total = 0.0
        var number = ""
        var sawUnit = false
        for c in s {
            if c.isNumber || c == "." {
                number.append(c)
                continue
            }
            let unit: Double
            switch c {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86400
            case "w": unit = 604800
            default: return nil
            }
            guard let value = Double(number), value.isFinite else { return nil }
            total += value * unit
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit, total.isFinite else { return nil }
        return rounded ? total.rounded() : total
    }

    /// Shortest exact rendering: 604800 -> "7d", 5400 -> "1h30m", -43200 -> "-12h".
    public static func format(_ seconds: Int64) -> String {
        if seconds == 0 { return "0s" }
        var rest = seconds.magnitude
        var out = seconds < 0 ? "-" : ""
        for (unit, name) in [(UInt64(86400), "d"), (3600, "h"), (60, "m"), (1, "s")] where rest >= unit {
            out += "\(rest / unit)\(name)"
            rest %= unit
        }
        return out
    }
}
