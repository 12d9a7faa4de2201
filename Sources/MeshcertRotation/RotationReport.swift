import MeshcertSupport

/// Renders a simulation as a terminal table (its JSON is `RotationDocument`).
public struct RotationReport: Sendable {
    public static let schema = RotationDocument.schema

    public var file: String
    public var result: SimulationResult
    public var cost: CostComparison
    public var warnings: [ScenarioIssue]

    public init(file: String, result: SimulationResult, cost: CostComparison, warnings: [ScenarioIssue] = []) {
        self.file = file
        self.result = result
        self.cost = cost
        self.warnings = warnings
    }

    static func seconds(_ s: Int64) -> String { s == 0 ? "-" : DurationText.format(s) }

    /// The terminal view; `windowLimit` caps the exposure windows listed.
    public func table(colour: Bool = false, windowLimit: Int = 20) -> String {
        let s = result.scenario
        var out: [String] = []
        out.append("meshcert rotate: \(file)")
        out.append("window \(Timestamp.format(s.start)) .. \(Timestamp.format(s.end)) (\(DurationText.format(s.duration))), seed \(s.seed); "
                   + "\(s.ca.mode.rawValue) CA, lifetime \(DurationText.format(s.ca.lifetime)), renew at "
                   + "\(DurationText.format(s.renewAtSeconds)), retry every \(DurationText.format(s.rotation.retryInterval))")
        for o in s.ca.outages {
            out.append("CA outage \(Timestamp.format(o.start)) .. \(Timestamp.format(o.end)) (\(DurationText.format(o.duration)))")
        }
        if let r = s.ca.rollover {
            out.append("CA rollover at \(Timestamp.format(r.at)); clients trust the new CA from \(Timestamp.format(r.trustNewFrom))"
                       + (r.retireOld.map { "; old CA retired \(Timestamp.format($0))" } ?? ""))
        }
        for w in warnings { out.append(w.description) }
        out.append("")
        var table = TextTable(header: ["service", "tasks", "restarts", "issued", "failed", "expired", "not-yet-valid",
                                       "untrusted", "min margin", "waiting"])
        for r in result.services {
            table.add([r.name, "\(r.tasks)", "\(r.restarts)", "\(r.issuances)", "\(r.failedRequests)",
                       RotationReport.seconds(r.expiredSeconds), RotationReport.seconds(r.notYetValidSeconds),
                       RotationReport.seconds(r.untrustedSeconds), r.minMarginSeconds.map(DurationText.format) ?? "-",
                       RotationReport.seconds(r.waitingSeconds)])
        }
        let t = result.totals
        table.add(["TOTAL", "\(t.tasks)", "\(t.restarts)", "\(t.issuances)", "\(t.failedRequests)",
                   RotationReport.seconds(t.expiredSeconds), RotationReport.seconds(t.notYetValidSeconds),
                   RotationReport.seconds(t.untrustedSeconds), t.minMarginSeconds.map(DurationText.format) ?? "-",
                   RotationReport.seconds(t.waitingSeconds)])
        out.append(table.render())
        out.append("")
        out.append("peak issuances per minute: \(t.peakIssuancesPerMinute)")
        let c = cost.chosen, a = cost.alternative
        out.append("cost: \(c.mode.rawValue) \(Money.text(c.totalMicroDollars)) (CA \(Money.text(c.caFeeMicroDollars)) + "
                   + "\(c.certificates) certificates \(Money.text(c.certificateFeesMicroDollars)))")
        out.append("      \(a.mode.rawValue) would cost \(Money.text(a.totalMicroDollars)) (CA \(Money.text(a.caFeeMicroDollars)) + "
                   + "\(a.certificates) certificates \(Money.text(a.certificateFeesMicroDollars)); lifetime "
                   + "\(DurationText.format(cost.alternativeLifetime)), renew at \(DurationText.format(cost.alternativeRenewAt)))")
        let windows = result.services.flatMap { r in r.exposureWindows.map { (r.name, $0) } }
            .sorted { ($0.1.start, $0.0, $0.1.task, $0.1.kind) < ($1.1.start, $1.0, $1.1.task, $1.1.kind) }
        out.append("")
        if windows.isEmpty {
            out.append(Terminal.paint("no exposure: every task presented a valid, trusted certificate throughout", .green, enabled: colour))
        } else {
            // The longest windows, listed in time order.
            let shown = windows.indices.sorted { (-windows[$0].1.seconds, $0) < (-windows[$1].1.seconds, $1) }
                .prefix(windowLimit).sorted().map { windows[$0] }
            out.append(Terminal.paint("EXPOSURE: \(windows.count) window(s), \(DurationText.format(t.exposedSeconds)) in all", .red, enabled: colour)
                       + (windows.count > shown.count ? " (the \(shown.count) longest; --format json lists all)" : ""))
            var wt = TextTable(header: ["start", "end", "length", "task", "kind"])
            for (name, w) in shown {
                wt.add([Timestamp.format(w.start), Timestamp.format(w.end), DurationText.format(w.seconds),
                        w.task.name(service: name), w.kind.rawValue])
            }
            out.append(wt.render(indent: "  "))
        }
        return out.joined(separator: "\n")
    }
}
