import MeshcertSupport

/// Exposure for every (renewal point, CA outage length) pair: which renewal point survives which
/// outage. Each cell is a full simulation of the scenario with two things changed:
/// - `rotation.renewAt` is set to the row's value (jitter, if any, still applies);
/// - outages: when the scenario has outages, each keeps its start and takes the column's
///   length; when it has none, one outage starts at `start + renewAt`, the moment the tasks
///   started with the window first need a renewal (the worst case for them).
/// A length of 0 means no outage.
public struct SweepCell: Sendable, Equatable {
    public var renewAt: Int64
    public var outage: Int64
    public var totals: Totals
}

public enum Sweep {
    public static let schema = SweepDocument.schema

    public static func scenario(_ base: Scenario, renewAt: Int64, outage: Int64) -> Scenario {
        var s = base
        s.rotation.renewAt = .age(renewAt)
        if base.ca.outages.isEmpty {
            s.ca.outages = outage > 0 ? [Outage(start: base.start + renewAt, duration: outage)] : []
        } else {
            s.ca.outages = outage > 0 ? base.ca.outages.map { Outage(start: $0.start, duration: outage) } : []
        }
        return s
    }

    public static func run(_ base: Scenario, renewAts: [Int64], outages: [Int64]) -> [SweepCell] {
        var cells: [SweepCell] = []
        for r in renewAts {
            for o in outages {
                let result = Simulator.run(scenario(base, renewAt: r, outage: o), options: SimulationOptions(recordExposure: false))
                cells.append(SweepCell(renewAt: r, outage: o, totals: result.totals))
            }
        }
        return cells
    }

    /// `labels` (optional) keep the user's spelling of each value (`24h` rather than `1d`).
    public static func table(file: String, base: Scenario, renewAts: [Int64], outages: [Int64], cells: [SweepCell],
                             renewAtLabels: [String]? = nil, outageLabels: [String]? = nil) -> String {
        let outageNames: [String] = outageLabels ?? outages.map { $0 == 0 ? "none" : DurationText.format($0) }
        let renewNames: [String] = renewAtLabels ?? renewAts.map { DurationText.format($0) }
        var t = TextTable(header: ["renewAt \\ outage"] + outageNames)
        for (n, r) in renewAts.enumerated() {
            var row = [renewNames[n]]
            for o in outages {
                guard let c = cells.first(where: { $0.renewAt == r && $0.outage == o }) else { row.append("?"); continue }
                let margin = c.totals.minMarginSeconds.map { " (margin \(DurationText.format($0)))" } ?? ""
                row.append(c.totals.exposedSeconds == 0 ? "ok" + margin : "EXPOSED \(DurationText.format(c.totals.exposedSeconds))" + margin)
            }
            t.add(row)
        }
        let placement = base.ca.outages.isEmpty
            ? "one outage starting at start + renewAt (when the first renewals fall due)"
            : "the scenario's \(base.ca.outages.count) outage(s), each at its own start, with the column's length"
        return """
            meshcert rotate sweep: \(file)
            lifetime \(DurationText.format(base.ca.lifetime)), window \(Timestamp.format(base.start)) .. \(Timestamp.format(base.end)); outages: \(placement)
            cells: total exposure over all tasks (expired + not yet valid + untrusted), and the smallest margin left at a renewal

            \(t.render())
            """
    }
}
