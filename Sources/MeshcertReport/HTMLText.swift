import Foundation
import MeshcertSupport

/// Small text helpers for the page: escaping, money, durations, dates.
enum HTMLText {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func money(_ v: Double?) -> String {
        guard let d = v else { return "–" }
        let cents = Int64((d * 100).rounded())
        let whole = String(cents / 100)
        var grouped = ""
        for (i, ch) in whole.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { grouped.append(",") }
            grouped.append(ch)
        }
        let frac = cents % 100
        return "$" + String(grouped.reversed()) + "." + (frac < 10 ? "0" : "") + String(frac)
    }

    static func duration(_ seconds: Int64) -> String {
        seconds == 0 ? "0s" : (seconds < 0 ? "−" + DurationText.format(-seconds) : DurationText.format(seconds))
    }

    /// `2026-12-08` from `2026-12-08T00:00:00Z`; the full time only when it is not midnight.
    static func day(_ timestamp: String) -> String {
        timestamp.hasSuffix("T00:00:00Z") ? String(timestamp.prefix(10)) : timestamp.replacingOccurrences(of: "T", with: " ")
    }

    static func plural(_ n: Int, _ word: String, _ plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? word : (plural ?? word + "s"))
    }

    /// Keeps a rendered SVG only if it is plain drawing: no script, link, foreign content or
    /// external reference (report.json may come from elsewhere when the page is regenerated).
    static func safeSVG(_ svg: String) -> String? {
        let lower = svg.lowercased()
        guard lower.hasPrefix("<svg") else { return nil }
        for bad in ["<script", "href", "foreignobject", "url(", "@import", "<image", "javascript:"] where lower.contains(bad) {
            return nil
        }
        // Event handler attributes (onload=...).
        if lower.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) != nil { return nil }
        return svg
    }
}
