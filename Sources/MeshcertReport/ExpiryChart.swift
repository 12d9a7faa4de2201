import MeshcertInventory
import MeshcertSupport

/// The inventory's expiry timeline as inline SVG: one bar per certificate from notBefore to
/// notAfter (the soonest to expire first), a line at the evaluation time, colour and text for
/// the status. Long-lived certificates run off the right edge with their date written out.
enum ExpiryChart {
    static let limit = 30

    static func svg(certificates: [ScanDocument.Certificate], evaluatedAt: EpochSeconds, titleID: String, descID: String, description: String) -> String {
        let shown = Array(certificates.sorted { ($0.notAfter.description, $0.sha256) < ($1.notAfter.description, $1.sha256) }.prefix(limit))
        let day: Int64 = 86400
        let latest = shown.compactMap { Timestamp.parse($0.notAfter.description) }.max() ?? evaluatedAt + 30 * day
        let from = evaluatedAt - 30 * day
        let to = max(evaluatedAt + 30 * day, min(latest + 7 * day, evaluatedAt + 760 * day))
        let width = 1200.0, left = 250.0, right = 150.0, top = 40.0, row = 22.0
        let plot = width - left - right
        let height = top + Double(shown.count) * row + 30
        func x(_ t: EpochSeconds) -> Double { left + Double(min(max(t, from), to) - from) / Double(to - from) * plot }
        func f(_ v: Double) -> String { String(Int(v.rounded())) }

        var o: [String] = []
        o.append("<svg role=\"img\" aria-labelledby=\"\(titleID) \(descID)\" viewBox=\"0 0 \(f(width)) \(f(height))\" "
                 + "width=\"\(f(width))\" height=\"\(f(height))\" font-size=\"12\" font-family=\"system-ui, DejaVu Sans, Arial, sans-serif\">")
        o.append("<title id=\"\(titleID)\">Certificate expiry timeline</title>")
        o.append("<desc id=\"\(descID)\">\(HTMLText.escape(description))</desc>")
        // Month grid.
        var tick = monthStart(from)
        var last = -100.0
        while tick <= to {
            if tick >= from {
                let tx = x(tick)
                o.append("<line x1=\"\(f(tx))\" y1=\"\(f(top - 6))\" x2=\"\(f(tx))\" y2=\"\(f(height - 24))\" stroke=\"#e3e7eb\"/>")
                if tx - last > 60 {
                    o.append("<text x=\"\(f(tx))\" y=\"\(f(top - 12))\" text-anchor=\"middle\" fill=\"#57606a\">\(Timestamp.format(tick).prefix(7))</text>")
                    last = tx
                }
            }
            tick = nextMonth(tick)
        }
        for (n, c) in shown.enumerated() {
            let y = top + Double(n) * row
            let notBefore = c.notBefore.description, notAfter = c.notAfter.description
            let nb = Timestamp.parse(notBefore) ?? from
            let na = Timestamp.parse(notAfter) ?? to
            let status = c.status.rawValue
            let isCA = c.isCA
            let fill = isCA ? "#8c959f" : colour(status)
            var label = c.subjectCommonName ?? String(c.sha256.prefix(12))
            if label.count > 34 { label = String(label.prefix(33)) + "…" }
            o.append("<text x=\"\(f(left - 8))\" y=\"\(f(y + 15))\" text-anchor=\"end\">\(HTMLText.escape(label))</text>")
            let x0 = x(nb), x1 = x(na)
            o.append("<rect x=\"\(f(x0))\" y=\"\(f(y + 4))\" width=\"\(f(max(3, x1 - x0)))\" height=\"14\" fill=\"\(fill)\" rx=\"2\">"
                     + "<title>\(HTMLText.escape(label)): \(notBefore) to \(notAfter), \(status)</title></rect>")
            let left = na - evaluatedAt
            let note = (status == "expired" ? "expired " : "") + HTMLText.day(notAfter)
                + (left >= 0 ? " (\(left >= day ? "\(left / day)d" : HTMLText.duration(left)) left)" : "")
            o.append("<text x=\"\(f(min(max(x1, x0 + 3) + 6, width - right + 6)))\" y=\"\(f(y + 15))\" fill=\"#24292f\">\(HTMLText.escape(note))</text>")
        }
        let nx = x(evaluatedAt)
        o.append("<line x1=\"\(f(nx))\" y1=\"\(f(top - 6))\" x2=\"\(f(nx))\" y2=\"\(f(height - 24))\" stroke=\"#0969da\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>")
        o.append("<text x=\"\(f(nx))\" y=\"\(f(height - 10))\" text-anchor=\"middle\" fill=\"#0969da\">evaluated \(HTMLText.day(Timestamp.format(evaluatedAt)))</text>")
        o.append("</svg>")
        return o.joined(separator: "\n")
    }

    static func colour(_ status: String) -> String {
        switch status {
        case "expired": return "#cf222e"
        case "expiring_soon": return "#d4a72c"
        case "not_yet_valid": return "#8250df"
        default: return "#2da44e"
        }
    }

    static func monthStart(_ t: EpochSeconds) -> EpochSeconds {
        let text = Timestamp.format(t)
        let y = Int(text.prefix(4)) ?? 1970, m = Int(text.dropFirst(5).prefix(2)) ?? 1
        return Timestamp.epoch(year: y, month: m, day: 1)
    }

    static func nextMonth(_ t: EpochSeconds) -> EpochSeconds {
        let text = Timestamp.format(t)
        let y = Int(text.prefix(4)) ?? 1970, m = Int(text.dropFirst(5).prefix(2)) ?? 1
        return m == 12 ? Timestamp.epoch(year: y + 1, month: 1, day: 1) : Timestamp.epoch(year: y, month: m + 1, day: 1)
    }
}
