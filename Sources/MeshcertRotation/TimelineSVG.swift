import MeshcertSupport

/// The rotation timeline as a standalone SVG: one lane per service (its tasks folded into a few
/// rows), each certificate a bar from notBefore to notAfter, renewals as ticks, CA outages shaded,
/// exposure in red, a date axis. Beyond `laneLimit` services, the most exposed keep their own lane
/// and the rest share one aggregated lane, so the drawing stays readable at 500 services.
/// Needs a result simulated with `recordCertificates`.
public struct TimelineSVG {
    public var result: SimulationResult
    public var laneLimit: Int
    public var width = 1200.0

    let left = 190.0, right = 48.0, top = 64.0, laneHeight = 24.0, laneGap = 6.0
    /// Above this many distinct bars in one row of a lane, draw the row's union instead.
    let barLimit = 300

    public init(result: SimulationResult, laneLimit: Int = 30) {
        self.result = result
        self.laneLimit = max(2, laneLimit)
    }

    struct Lane {
        var label: String
        var tasks: Int
        var certificates: [IssuedCertificate]
        var windows: [ExposureWindow]
        var exposed: Int64
    }

    func lanes() -> [Lane] {
        let all = result.services.map {
            Lane(label: $0.name, tasks: $0.tasks, certificates: $0.certificates, windows: $0.exposureWindows, exposed: $0.exposedSeconds)
        }
        guard all.count > laneLimit else { return all }
        // Keep the most exposed services (then file order) in their own lanes, in file order.
        let keep = Set(all.indices.sorted { (-all[$0].exposed, $0) < (-all[$1].exposed, $1) }.prefix(laneLimit - 1))
        var out = all.indices.filter(keep.contains).map { all[$0] }
        let rest = all.indices.filter { !keep.contains($0) }
        var agg = Lane(label: "\(rest.count) more services", tasks: 0, certificates: [], windows: [], exposed: 0)
        for i in rest {
            agg.tasks = max(agg.tasks, all[i].tasks)
            agg.certificates += all[i].certificates
            agg.windows += all[i].windows
            agg.exposed += all[i].exposed
        }
        out.append(agg)
        return out
    }

    public func render() -> String {
        let s = result.scenario
        let lanes = lanes()
        let plot = width - left - right
        let height = top + Double(lanes.count) * (laneHeight + laneGap) + 72
        func x(_ t: EpochSeconds) -> Double {
            let clamped = min(max(t, s.start), s.end)
            return left + Double(clamped - s.start) / Double(max(1, s.duration)) * plot
        }
        func f(_ v: Double) -> String {
            let r = (v * 10).rounded() / 10
            return r == r.rounded() ? String(Int(r)) : String(r)
        }
        var o: [String] = []
        o.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" "
                 + "viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">")
        o.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>")
        let t = result.totals
        o.append("<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">meshcert rotate: \(s.ca.mode.rawValue), "
                 + "lifetime \(DurationText.format(s.ca.lifetime)), renew at \(DurationText.format(s.renewAtSeconds)), "
                 + "\(t.tasks) tasks in \(result.services.count) services</text>")
        var summary = t.exposedSeconds == 0 ? "no exposure" : "exposure: expired \(DurationText.format(t.expiredSeconds)), "
            + "not yet valid \(DurationText.format(t.notYetValidSeconds)), untrusted \(DurationText.format(t.untrustedSeconds))"
        summary += "; \(t.issuances) certificates issued"
        if result.certificatesTruncated { summary += " (bars drawn for the first \(SimulationResult.certificateLimit) only)" }
        let colour = t.exposedSeconds > 0 ? "#c0392b" : "#1e7e34"
        o.append("<text x=\"10\" y=\"38\" fill=\"\(colour)\">\(summary)</text>")
        let laneBottom = top + Double(lanes.count) * (laneHeight + laneGap)

        // Lane labels and backgrounds first, so that outages and grid lines show over them.
        for (n, lane) in lanes.enumerated() {
            let y = top + Double(n) * (laneHeight + laneGap)
            o.append("<text x=\"\(f(left - 8))\" y=\"\(f(y + laneHeight / 2 + 4))\" text-anchor=\"end\">\(TimelineSVG.escape(lane.label))</text>")
            o.append("<rect x=\"\(f(left))\" y=\"\(f(y))\" width=\"\(f(plot))\" height=\"\(f(laneHeight))\" fill=\"#f4f6f8\"/>")
        }
        // CA outages, shaded across every lane.
        for out in s.ca.outages where out.end > s.start && out.start < s.end {
            o.append("<rect x=\"\(f(x(out.start)))\" y=\"\(f(top - 6))\" width=\"\(f(max(1, x(out.end) - x(out.start))))\" "
                     + "height=\"\(f(laneBottom - top + 6))\" fill=\"#9e9e9e\" fill-opacity=\"0.3\"><title>CA outage "
                     + "\(Timestamp.format(out.start)) .. \(Timestamp.format(out.end))</title></rect>")
        }
        // Date axis.
        let steps: [Int64] = [3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 91 * 86400, 365 * 86400]
        let step: Int64 = steps.first { s.duration / $0 <= 14 } ?? 365 * 86400
        var tick = s.start - ((s.start % step) + step) % step
        if tick < s.start { tick += step }
        while tick <= s.end {
            let label = Timestamp.format(tick)
            let text = step < 86400 ? String(label.prefix(16)).replacingOccurrences(of: "T", with: " ") : String(label.prefix(10))
            o.append("<line x1=\"\(f(x(tick)))\" y1=\"\(f(top - 8))\" x2=\"\(f(x(tick)))\" y2=\"\(f(laneBottom))\" stroke=\"#dddddd\"/>")
            o.append("<text x=\"\(f(x(tick)))\" y=\"\(f(top - 12))\" text-anchor=\"middle\" fill=\"#555555\">\(text)</text>")
            tick += step
        }
        // Rollover markers.
        if let r = s.ca.rollover {
            var marks: [(EpochSeconds, String)] = [(r.at, "new CA issues"), (r.trustNewFrom, "new CA trusted")]
            if let retire = r.retireOld { marks.append((retire, "old CA retired")) }
            for (n, (when, what)) in marks.enumerated() where when >= s.start && when <= s.end {
                o.append("<line x1=\"\(f(x(when)))\" y1=\"\(f(top - 6))\" x2=\"\(f(x(when)))\" y2=\"\(f(laneBottom + 4))\" "
                         + "stroke=\"#6f42c1\" stroke-dasharray=\"4 3\"/>")
                o.append("<text x=\"\(f(x(when) + 3))\" y=\"\(f(laneBottom + 14 + Double(n) * 11))\" fill=\"#6f42c1\">\(what)</text>")
            }
        }
        // Lanes.
        for (n, lane) in lanes.enumerated() {
            let y = top + Double(n) * (laneHeight + laneGap)
            let rows = max(1, min(lane.tasks, 4))
            let rowHeight = (laneHeight - 2) / Double(rows)
            // Certificates: bars per row (task slot mod rows), deduplicated at pixel resolution.
            var perRow = [[(Int, Int)]](repeating: [], count: rows)
            for c in lane.certificates {
                perRow[c.task.slot % rows].append((Int(x(c.notBefore).rounded()), Int(x(c.notAfter).rounded())))
            }
            for (r, bars) in perRow.enumerated() {
                var distinct = Array(Set(bars.map { [$0.0, $0.1] })).map { ($0[0], $0[1]) }.sorted { $0 < $1 }
                if distinct.count > barLimit { distinct = TimelineSVG.union(distinct) }
                let by = y + 1 + Double(r) * rowHeight
                for (a, b) in distinct {
                    o.append("<rect x=\"\(a)\" y=\"\(f(by + 0.5))\" width=\"\(max(1, b - a))\" height=\"\(f(max(1, rowHeight - 1)))\" "
                             + "fill=\"#3b7dd8\" fill-opacity=\"0.35\" stroke=\"#2a5ea8\" stroke-width=\"0.5\"/>")
                }
            }
            // Renewals: ticks at the moment a renewal was in hand.
            let ticks = Set(lane.certificates.filter(\.renewal).map { Int(x($0.issuedAt).rounded()) }).sorted()
            // Dense ticks (an aggregated lane) are drawn faint so that the bars stay visible.
            let tickOpacity = ticks.count > 120 ? "0.2" : "1"
            for px in ticks {
                o.append("<line x1=\"\(px)\" y1=\"\(f(y))\" x2=\"\(px)\" y2=\"\(f(y + laneHeight))\" stroke=\"#1d3557\" "
                         + "stroke-width=\"1\" stroke-opacity=\"\(tickOpacity)\"/>")
            }
            // Exposure on top, in red (a shade per kind), at least 2 px wide so that seconds show.
            for kind in ExposureKind.allCases {
                let spans = lane.windows.filter { $0.kind == kind }.map { [Int(x($0.start).rounded(.down)), Int(x($0.end).rounded(.up))] }
                for (a, b) in TimelineSVG.union(Array(Set(spans)).map { ($0[0], $0[1]) }.sorted { $0 < $1 }) {
                    o.append("<rect x=\"\(a)\" y=\"\(f(y))\" width=\"\(max(2, b - a))\" height=\"\(f(laneHeight))\" "
                             + "fill=\"\(TimelineSVG.colour(kind))\" fill-opacity=\"0.9\"><title>\(kind.rawValue)</title></rect>")
                }
            }
            if lane.exposed > 0 {
                o.append("<text x=\"\(f(left + plot))\" y=\"\(f(y - 1))\" text-anchor=\"end\" font-size=\"9\" fill=\"#c0392b\">"
                         + "exposed \(DurationText.format(lane.exposed))</text>")
            }
        }
        // Legend.
        let ly = laneBottom + 56
        o.append("<rect x=\"\(f(left))\" y=\"\(f(ly - 9))\" width=\"24\" height=\"10\" fill=\"#3b7dd8\" fill-opacity=\"0.35\" stroke=\"#2a5ea8\"/>")
        o.append("<text x=\"\(f(left + 30))\" y=\"\(f(ly))\">certificate (notBefore .. notAfter)</text>")
        o.append("<line x1=\"\(f(left + 250))\" y1=\"\(f(ly - 10))\" x2=\"\(f(left + 250))\" y2=\"\(f(ly + 1))\" stroke=\"#1d3557\"/>")
        o.append("<text x=\"\(f(left + 258))\" y=\"\(f(ly))\">renewal</text>")
        for (n, kind) in ExposureKind.allCases.enumerated() {
            let lx = left + 320 + Double(n) * 110
            o.append("<rect x=\"\(f(lx))\" y=\"\(f(ly - 9))\" width=\"16\" height=\"10\" fill=\"\(TimelineSVG.colour(kind))\"/>")
            o.append("<text x=\"\(f(lx + 20))\" y=\"\(f(ly))\">\(kind.rawValue)</text>")
        }
        o.append("<rect x=\"\(f(left + 640))\" y=\"\(f(ly - 9))\" width=\"24\" height=\"10\" fill=\"#9e9e9e\" fill-opacity=\"0.3\"/>")
        o.append("<text x=\"\(f(left + 670))\" y=\"\(f(ly))\">CA outage</text>")
        o.append("</svg>")
        return o.joined(separator: "\n") + "\n"
    }

    static func colour(_ kind: ExposureKind) -> String {
        switch kind {
        case .expired: "#d62728"
        case .notYetValid: "#ff7f0e"
        case .untrusted: "#8c1c13"
        }
    }

    /// Merges sorted, possibly overlapping pixel intervals.
    static func union(_ sorted: [(Int, Int)]) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        for (a, b) in sorted {
            if let last = out.last, a <= last.1 { out[out.count - 1].1 = max(last.1, b) } else { out.append((a, b)) }
        }
        return out
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
