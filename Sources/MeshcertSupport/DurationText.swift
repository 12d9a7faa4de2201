import Foundation

/// Durations as users write them: `90s`, `15m`, `36h`, `7d`, `2w`, combinations such as `1d12h`,
/// or a bare number of seconds.
public enum DurationText {
    /// The largest duration accepted: 100 years, far beyond any certificate or simulation.
    public static let maxSeconds: Double = 100 * 366 * 86400

    public static func parse(_ text: String) -> Int64? {
        let s = text.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty else { return nil }
        if let plain = Int64(s) { return plain.magnitude <= UInt64(maxSeconds) ? plain : nil }
        var total: Int64 = 0
        var number = ""
        var sawUnit = false
        var chars = Array(s)
        // Allow "ms" only as an error: meshcert works in whole seconds.
        if s.hasSuffix("ms") { return nil }
        chars = Array(s)
        for c in chars {
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
            // Bounded to ±100 years so no later arithmetic overflows (found by fuzzing).
            guard let value = Double(number), (value * unit).magnitude <= maxSeconds else { return nil }
            total += Int64((value * unit).rounded())
            guard total.magnitude <= UInt64(maxSeconds) else { return nil }
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit else { return nil }
        return total
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
