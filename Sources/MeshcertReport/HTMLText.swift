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
        if let safe = asciiSafeSVG(svg) { return safe ? svg : nil }
        return fullSafeSVG(svg)
    }

    static func fullSafeSVG(_ svg: String) -> String? {
        let lower = svg.lowercased()
        guard lower.hasPrefix("<svg") else { return nil }
        for bad in ["<script", "href", "foreignobject", "url(", "@import", "<image", "javascript:"] where lower.contains(bad) {
            return nil
        }
        // Event handler attributes (onload=...).
        if lower.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) != nil { return nil }
        return svg
    }

    static let unsafeSVGParts = ["<script", "href", "foreignobject", "url(", "@import", "<image", "javascript:"].map { Array($0.utf8) }

    /// `safeSVG`'s verdict by byte scans for an ASCII drawing (the rotation timeline: a
    /// megabyte for a large fleet, where `lowercased()`, Foundation's `contains` and the regular
    /// expression cost more than the rest of the page). nil: not ASCII, or something that looks
    /// like an event handler attribute, left to the full check.
    static func asciiSafeSVG(_ svg: String) -> Bool? {
        var text = svg
        return text.withUTF8 { bytes -> Bool? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            let lower = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            return lower.withUnsafeBufferPointer { lower -> Bool? in
                guard lower.starts(with: "<svg".utf8) else { return false }
                for bad in unsafeSVGParts where ByteSearch.firstIndex(of: bad, in: lower) != nil { return false }
                return mayHaveEventHandler(lower) ? nil : true
            }
        }
    }

    /// Whether `\son[a-z]+\s*=` could match: a byte up to space (every ASCII `\s` of the
    /// expression and more), `on`, the letters after it, up-to-space bytes, then `=`.
    private static func mayHaveEventHandler(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let isLetter = { (c: UInt8) in c >= 0x61 && c <= 0x7A }
        var i = 0
        while i + 3 < b.count {
            if b[i] <= 0x20 && b[i + 1] == 0x6F && b[i + 2] == 0x6E && isLetter(b[i + 3]) {
                var k = i + 4
                while k < b.count && isLetter(b[k]) { k += 1 }
                while k < b.count && b[k] <= 0x20 { k += 1 }
                if k < b.count && b[k] == 0x3D { return true }
            }
            i += 1
        }
        return false
    }
}
