import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Seconds since the Unix epoch, UTC. meshcert keeps time as plain integers so that
/// every time-dependent result is a pure function of its inputs (`--at`).
public typealias EpochSeconds = Int64

public enum Timestamp {
    /// Formats as RFC 3339 UTC with second precision: `2026-12-01T00:00:00Z`.
    public static func format(_ t: EpochSeconds) -> String {
        if let civil = civil(t) {
            var out: [UInt8] = []
            out.reserveCapacity(20)
            write(civil, into: &out)
            return String(decoding: out, as: UTF8.self)
        }
        return formatWithGmtime(t)
    }

    /// Appends `format(t)` to a byte buffer without building a String.
    public static func write(_ t: EpochSeconds, into out: inout [UInt8]) {
        if let civil = civil(t) { write(civil, into: &out) } else { out.append(contentsOf: formatWithGmtime(t).utf8) }
    }

    private typealias Civil = (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)

    /// The UTC calendar fields of `t` by integer arithmetic (civil from days, Howard Hinnant's
    /// algorithm, the inverse of `epoch`); nil outside years 0...9999, which `gmtime_r` formats.
    private static func civil(_ t: EpochSeconds) -> Civil? {
        // -62167219200 is 0000-01-01T00:00:00Z, 253402300799 is 9999-12-31T23:59:59Z.
        guard t >= -62_167_219_200, t <= 253_402_300_799 else { return nil }
        let days = Int(t >= 0 ? t / 86400 : (t - 86399) / 86400)
        let secs = Int(t - EpochSeconds(days) * 86400)
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, secs / 3600, secs / 60 % 60, secs % 60)
    }

    private static func write(_ c: Civil, into out: inout [UInt8]) {
        func two(_ v: Int) { out.append(UInt8(48 + v / 10)); out.append(UInt8(48 + v % 10)) }
        two(c.year / 100); two(c.year % 100)
        out.append(UInt8(ascii: "-")); two(c.month)
        out.append(UInt8(ascii: "-")); two(c.day)
        out.append(UInt8(ascii: "T")); two(c.hour)
        out.append(UInt8(ascii: ":")); two(c.minute)
        out.append(UInt8(ascii: ":")); two(c.second)
        out.append(UInt8(ascii: "Z"))
    }

    static func formatWithGmtime(_ t: EpochSeconds) -> String {
        var time = time_t(t)
        var tm = tm()
        gmtime_r(&time, &tm)
        return "\(pad(Int(tm.tm_year) + 1900, 4))-\(pad(Int(tm.tm_mon) + 1, 2))-\(pad(Int(tm.tm_mday), 2))T"
            + "\(pad(Int(tm.tm_hour), 2)):\(pad(Int(tm.tm_min), 2)):\(pad(Int(tm.tm_sec), 2))Z"
    }

    /// Seconds since the epoch of a UTC calendar date (proleptic Gregorian, no time zone lookup).
    public static func epoch(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> EpochSeconds {
        // Days from civil (Howard Hinnant's algorithm): exact for any year.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return EpochSeconds(days) * 86400 + EpochSeconds(hour * 3600 + minute * 60 + second)
    }

    /// Parses RFC 3339 / ISO 8601 date-times: `2026-12-01T00:00:00Z`, fractional seconds,
    /// `+02:00` offsets, a space instead of `T`, or a bare date `2026-12-01` (midnight UTC).
    /// Also accepts `@1764547200` (epoch seconds). Returns nil for anything else.
    public static func parse(_ text: String) -> EpochSeconds? {
        // Documents read back hold thousands of times with no space around them: trim (through
        // Foundation, a third of the parse) only when there is something to trim.
        var s = Array(text.utf8)
        if let first = s.first, let last = s.last, first <= 0x20 || last <= 0x20 || first >= 0x80 || last >= 0x80 {
            s = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        }
        if s.first == UInt8(ascii: "@") {
            return EpochSeconds(String(decoding: s.dropFirst(), as: UTF8.self))
        }
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= s.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = s[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: Character) -> Bool {
            guard i < s.count, s[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        if i == s.count { return epoch(year: year, month: month, day: day) }
        guard i < s.count, s[i] == UInt8(ascii: "T") || s[i] == UInt8(ascii: "t") || s[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let hour = digits(2), expect(":"), let minute = digits(2), hour < 24, minute < 60 else { return nil }
        var second = 0
        if expect(":") {
            guard let sec = digits(2), sec <= 60 else { return nil }
            second = sec
            if expect(".") {
                let start = i
                while i < s.count, s[i] >= 48, s[i] <= 57 { i += 1 }
                guard i > start else { return nil }
            }
        }
        var offset = 0
        if i < s.count {
            if s[i] == UInt8(ascii: "Z") || s[i] == UInt8(ascii: "z") {
                i += 1
            } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                let sign = s[i] == UInt8(ascii: "+") ? 1 : -1
                i += 1
                guard let oh = digits(2) else { return nil }
                _ = expect(":")
                guard let om = digits(2) else { return nil }
                offset = sign * (oh * 3600 + om * 60)
            } else {
                return nil
            }
        }
        guard i == s.count else { return nil }
        return epoch(year: year, month: month, day: day, hour: hour, minute: minute, second: second) - EpochSeconds(offset)
    }

    /// The current time; only used when the user gave no `--at`.
    public static func now() -> EpochSeconds {
        EpochSeconds(time(nil))
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
