import Foundation
import MeshcertSupport

/// One problem in a scenario file: meshcert's one diagnostic type (file, line, field, message).
public typealias ScenarioIssue = Diagnostic
/// A scenario that could not be used: every error found (not just the first).
public typealias ScenarioError = Diagnostics

public struct LoadedScenario: Sendable {
    public var scenario: Scenario
    public var warnings: [ScenarioIssue]
}

/// Reads scenario files (YAML, or JSON, which YAML reads too) into a validated `Scenario`.
public enum ScenarioReader {
    /// `servicesFromElsewhere`: the services come from an App Mesh inventory (`--from-mesh`), so
    /// the file may omit `services`, and its clients may name services the mesh adds.
    public static func load(path: String, servicesFromElsewhere: Bool = false) throws -> LoadedScenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostics([Diagnostic(file: path, code: "unreadable", message: FileProblem.unreadable(path))])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostics([Diagnostic(file: path, code: "not_utf8", message: "not UTF-8 text")])
        }
        return try parse(text, file: path, servicesFromElsewhere: servicesFromElsewhere)
    }

    public static func parse(_ text: String, file: String = "<scenario>", servicesFromElsewhere: Bool = false) throws -> LoadedScenario {
        let root: YAMLNode?
        do {
            root = try YAML.document(text, file: file)
        } catch {
            // Scenarios may be JSON too (YAML reads it): say so.
            var d = error
            if d.message.hasPrefix("not valid YAML") { d.message = "not valid YAML or JSON" + d.message.dropFirst("not valid YAML".count) }
            throw Diagnostics([d])
        }
        var reader = FieldReader(file: file, servicesFromElsewhere: servicesFromElsewhere)
        let scenario = reader.scenario(root)
        // In file order (errors found by cross-field checks come last otherwise).
        if !reader.errors.isEmpty { throw Diagnostics(sortedByLine(reader.errors)) }
        guard let scenario else {
            throw Diagnostics([Diagnostic(file: file, code: "no_scenario", message: "no scenario")])
        }
        return LoadedScenario(scenario: scenario, warnings: sortedByLine(reader.warnings))
    }

    static func sortedByLine(_ issues: [Diagnostic]) -> [Diagnostic] {
        issues.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
    }
}

/// Walks the node tree, collecting every error and warning with its line.
private struct FieldReader {
    let file: String
    let servicesFromElsewhere: Bool
    var errors: [Diagnostic] = []
    var warnings: [Diagnostic] = []

    mutating func error(_ node: YAMLNode?, _ field: String, _ message: String, code: String = "invalid_value") {
        errors.append(Diagnostic(.error, file: file, line: node?.line, column: node?.column, field: field, code: code, message: message))
    }

    mutating func warn(_ node: YAMLNode?, _ field: String, _ message: String, code: String = "questionable_value") {
        warnings.append(Diagnostic(.warning, file: file, line: node?.line, column: node?.column, field: field, code: code, message: message))
    }

    /// The fields of a mapping by name; unknown names are errors, naming the ones allowed.
    mutating func fields(_ node: YAMLNode, _ field: String, allowed: [String]) -> [String: YAMLNode]? {
        guard let mapping = node.pairs else {
            error(node, field, "expected a mapping with fields \(allowed.joined(separator: ", "))", code: "wrong_type")
            return nil
        }
        var out: [String: YAMLNode] = [:]
        for (key, value) in mapping {
            let name = key.text ?? ""
            let path = field.isEmpty ? name : field + "." + name
            if allowed.contains(name) {
                out[name] = value
            } else {
                error(key, path, "unknown field (allowed here: \(allowed.joined(separator: ", ")))", code: "unknown_field")
            }
        }
        return out
    }

    func text(_ node: YAMLNode) -> String? { node.text }

    /// A duration such as 90s, 15m, 36h, 7d (or a bare number of seconds).
    mutating func duration(_ node: YAMLNode?, _ field: String, allowZero: Bool = false) -> Int64? {
        guard let node else { return nil }
        guard let raw = text(node) else { error(node, field, "expected a duration such as 90s, 15m, 36h or 7d"); return nil }
        let s = raw.trimmingCharacters(in: .whitespaces)
        if s.hasPrefix("-") {
            error(node, field, "negative duration \(s) (durations must be \(allowZero ? "zero or more" : "greater than zero"))")
            return nil
        }
        guard let v = DurationText.parse(s) else {
            error(node, field, DurationText.isOverLimit(s) ? "`\(s)` is more than 100 years"
                                                          : "`\(s)` is not a duration (use 90s, 15m, 36h or 7d)")
            return nil
        }
        if v == 0 && !allowZero {
            error(node, field, "zero duration (must be greater than zero)")
            return nil
        }
        return v
    }

    mutating func time(_ node: YAMLNode?, _ field: String) -> EpochSeconds? {
        guard let node else { return nil }
        guard let s = text(node), let t = Timestamp.parse(s) else {
            error(node, field, "`\(text(node) ?? "")` is not an RFC 3339 time (e.g. 2026-12-01T00:00:00Z)")
            return nil
        }
        return t
    }

    mutating func number(_ node: YAMLNode?, _ field: String, in range: ClosedRange<Double>, what: String) -> Double? {
        guard let node else { return nil }
        guard let s = text(node), let v = Double(s.trimmingCharacters(in: .whitespaces)), v.isFinite else {
            error(node, field, "expected a number (\(what))")
            return nil
        }
        guard range.contains(v) else { error(node, field, "\(s) is out of range (\(what))"); return nil }
        return v
    }

    mutating func integer(_ node: YAMLNode?, _ field: String, min: Int, max: Int = 1 << 40, what: String) -> Int? {
        guard let node else { return nil }
        guard let s = text(node), let v = Int(s.trimmingCharacters(in: .whitespaces)) else {
            error(node, field, "expected a whole number (\(what))")
            return nil
        }
        guard v >= min && v <= max else { error(node, field, "\(v) is out of range (\(what))"); return nil }
        return v
    }

    mutating func required(_ f: [String: YAMLNode], _ key: String, in node: YAMLNode, _ field: String) -> YAMLNode? {
        if let n = f[key] { return n }
        error(node, field.isEmpty ? key : field + "." + key, "missing (required)", code: "missing_field")
        return nil
    }

    // MARK: the scenario

    mutating func scenario(_ root: YAMLNode?) -> Scenario? {
        guard let root else { error(nil, "", "the file is empty"); return nil }
        guard let f = fields(root, "", allowed: ["description", "start", "duration", "seed", "ca", "rotation",
                                                 "clockSkew", "services", "prices"]) else { return nil }
        let start = time(required(f, "start", in: root, ""), "start")
        let window = duration(required(f, "duration", in: root, ""), "duration")
        var seed: UInt64 = 0
        if let n = f["seed"] {
            if let s = text(n), let v = UInt64(s.trimmingCharacters(in: .whitespaces)) { seed = v } else {
                error(n, "seed", "expected a whole number from 0 to \(UInt64.max)")
            }
        }
        let ca = f["ca"].map { certificateAuthority($0) } ?? (CertificateAuthority(), [:])
        let rotation = f["rotation"].map { self.rotation($0) } ?? (Rotation(), [:])
        var skew: Int64 = 0
        if let n = f["clockSkew"] {
            if case .mapping = n.content {
                if let g = fields(n, "clockSkew", allowed: ["max"]) { skew = duration(g["max"], "clockSkew.max", allowZero: true) ?? 0 }
            } else {
                skew = duration(n, "clockSkew", allowZero: true) ?? 0
            }
        }
        let services = servicesFromElsewhere
            ? (f["services"].map { self.services($0) } ?? [])
            : (required(f, "services", in: root, "").map { self.services($0) } ?? [])
        let prices = f["prices"].map { self.prices($0) } ?? .defaults
        guard let start, let window else { return nil }
        let scenario = Scenario(start: start, duration: window, seed: seed, ca: ca.0, rotation: rotation.0,
                                clockSkewMax: skew, services: services, prices: prices)
        var lines = ca.1.merging(rotation.1) { a, _ in a }
        lines["duration"] = f["duration"]   // so the window's own errors point at its line
        check(scenario, lines: lines, root: root, services: f["services"])
        return scenario
    }

    mutating func certificateAuthority(_ node: YAMLNode) -> (CertificateAuthority, [String: YAMLNode]) {
        guard let f = fields(node, "ca", allowed: ["mode", "lifetime", "backdate", "issueLatency", "rateLimit",
                                                    "outages", "rollover"]) else { return (CertificateAuthority(), [:]) }
        var mode = CAMode.shortLived
        if let n = f["mode"] {
            switch text(n)?.trimmingCharacters(in: .whitespaces) {
            case "SHORT_LIVED", "SHORT_LIVED_CERTIFICATE": mode = .shortLived
            case "GENERAL_PURPOSE": mode = .generalPurpose
            default: error(n, "ca.mode", "`\(text(n) ?? "")` is not a CA mode (SHORT_LIVED, SHORT_LIVED_CERTIFICATE or GENERAL_PURPOSE)")
            }
        }
        var ca = CertificateAuthority(mode: mode, lifetime: duration(f["lifetime"], "ca.lifetime"))
        ca.backdate = duration(f["backdate"], "ca.backdate", allowZero: true) ?? 0
        ca.issueLatency = duration(f["issueLatency"], "ca.issueLatency", allowZero: true) ?? 0
        if let n = f["rateLimit"] { ca.rateLimit = rateLimit(n) }
        if let n = f["outages"] {
            if case .sequence(let seq) = n.content {
                for (i, item) in seq.enumerated() {
                    let path = "ca.outages[\(i)]"
                    guard let g = fields(item, path, allowed: ["start", "duration"]) else { continue }
                    let s = time(required(g, "start", in: item, path), path + ".start")
                    let d = duration(required(g, "duration", in: item, path), path + ".duration")
                    if let s, let d { ca.outages.append(Outage(start: s, duration: d)) }
                }
            } else {
                error(n, "ca.outages", "expected a list of {start, duration}")
            }
        }
        if let n = f["rollover"], let g = fields(n, "ca.rollover", allowed: ["at", "trustNewFrom", "retireOld"]) {
            if let at = time(required(g, "at", in: n, "ca.rollover"), "ca.rollover.at") {
                ca.rollover = Rollover(at: at, trustNewFrom: time(g["trustNewFrom"], "ca.rollover.trustNewFrom"),
                                       retireOld: time(g["retireOld"], "ca.rollover.retireOld"))
            }
        }
        var lines: [String: YAMLNode] = [:]
        for (k, v) in f { lines["ca." + k] = v }
        if let r = f["rollover"], case .mapping(let m) = r.content {
            for (k, v) in m { if let name = k.text { lines["ca.rollover." + name] = v } }
        }
        return (ca, lines)
    }

    /// `25/s`, `1500/m`, `100/min`, `10000/h`, `50/10s`.
    mutating func rateLimit(_ node: YAMLNode) -> RateLimit? {
        let s = (text(node) ?? "").replacingOccurrences(of: " ", with: "")
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        var unit = parts.count == 2 ? String(parts[1]) : ""
        if unit == "min" { unit = "m" } else if unit == "sec" { unit = "s" }
        if let c = unit.first, !c.isNumber { unit = "1" + unit }
        guard parts.count == 2, let count = Int(parts[0]), count > 0, let per = DurationText.parse(unit), per > 0 else {
            error(node, "ca.rateLimit", "`\(s)` is not a rate (use e.g. 25/s, 1500/m or 10000/h, with a count above zero)")
            return nil
        }
        // "5/0.5s" would round its window to 1 s and halve the rate without a word.
        guard DurationText.isWholeSeconds(unit) else {
            error(node, "ca.rateLimit", "`\(s)`: the window must be a whole number of seconds (`\(parts[1])` is not); "
                  + "scale the count with it, e.g. 10/s rather than 5/0.5s")
            return nil
        }
        // Private CA's own limits are far below this; the bound keeps the limiter's window
        // arithmetic (count x windows) inside Int64.
        guard count <= 1_000_000_000 else {
            error(node, "ca.rateLimit", "`\(s)` allows more than 1,000,000,000 certificates per window: leave rateLimit out for no limit")
            return nil
        }
        return RateLimit(count: count, per: per)
    }

    mutating func rotation(_ node: YAMLNode) -> (Rotation, [String: YAMLNode]) {
        guard let f = fields(node, "rotation", allowed: ["renewAt", "renewAtFraction", "retryInterval", "jitter"]) else {
            return (Rotation(), [:])
        }
        var r = Rotation()
        if f["renewAt"] != nil && f["renewAtFraction"] != nil {
            error(f["renewAtFraction"], "rotation.renewAtFraction", "give renewAt or renewAtFraction, not both")
        }
        if let v = duration(f["renewAt"], "rotation.renewAt") { r.renewAt = .age(v) }
        if let v = number(f["renewAtFraction"], "rotation.renewAtFraction", in: 0...1_000, what: "a fraction of the lifetime, above 0") {
            if v > 0 { r.renewAt = .fraction(v) } else { error(f["renewAtFraction"], "rotation.renewAtFraction", "must be above 0") }
        }
        r.retryInterval = duration(f["retryInterval"], "rotation.retryInterval") ?? r.retryInterval
        if let v = number(f["jitter"], "rotation.jitter", in: 0...0.999_999, what: "a fraction of renewAt, from 0 up to but not including 1") {
            r.jitter = v
        }
        var lines: [String: YAMLNode] = [:]
        for (k, v) in f { lines["rotation." + k] = v }
        return (r, lines)
    }

    mutating func services(_ node: YAMLNode) -> [Service] {
        guard case .sequence(let seq) = node.content, !seq.isEmpty else {
            error(node, "services", "expected a non-empty list of services ({name, tasks, restartsPerDay, clients})")
            return []
        }
        var out: [Service] = []
        var seen: [String: Int] = [:]
        for (i, item) in seq.enumerated() {
            let path = "services[\(i)]"
            guard let f = fields(item, path, allowed: ["name", "tasks", "restartsPerDay", "clients"]) else { continue }
            guard let nameNode = required(f, "name", in: item, path) else { continue }
            let name = (text(nameNode) ?? "").trimmingCharacters(in: .whitespaces)
            if name.isEmpty { error(nameNode, path + ".name", "empty service name") }
            if let first = seen[name] { error(nameNode, path + ".name", "`\(name)` is already the name of services[\(first)]") }
            seen[name] = i
            var s = Service(name: name)
            s.tasks = integer(f["tasks"], path + ".tasks", min: 1, max: EventQueue.maxSlots,
                              what: "tasks must be from 1 to \(EventQueue.maxSlots)") ?? 1
            s.restartsPerDay = number(f["restartsPerDay"], path + ".restartsPerDay", in: 0...86_400,
                                      what: "restarts per task per day, 0 or more") ?? 0
            if let c = f["clients"] {
                switch c.content {
                case .sequence(let names): s.clients = names.compactMap { text($0) }
                case .scalar: s.clients = [text(c) ?? ""]
                default: error(c, path + ".clients", "expected a list of service names")
                }
            }
            out.append(s)
        }
        return out
    }

    mutating func prices(_ node: YAMLNode) -> PriceTable {
        var table = PriceTable.defaults
        guard let f = fields(node, "prices", allowed: ["SHORT_LIVED", "GENERAL_PURPOSE"]) else { return table }
        for mode in CAMode.allCases {
            guard let n = f[mode.rawValue] else { continue }
            let path = "prices." + mode.rawValue
            guard let g = fields(n, path, allowed: ["caMonthly", "perCertificate", "tiers"]) else { continue }
            if let v = number(g["caMonthly"], path + ".caMonthly", in: 0...1e9, what: "US dollars per month") {
                table[mode].caMonthlyMicroDollars = Int64((v * 1e6).rounded())
            }
            if let v = number(g["perCertificate"], path + ".perCertificate", in: 0...1e6, what: "US dollars") {
                table[mode].tiers = [.init(upTo: nil, microDollars: Int64((v * 1e6).rounded()))]
            }
            if let t = g["tiers"] {
                guard case .sequence(let seq) = t.content, !seq.isEmpty else {
                    error(t, path + ".tiers", "expected a list of {upTo, price}, the last one without upTo")
                    continue
                }
                var tiers: [PriceTable.Tier] = []
                for (i, item) in seq.enumerated() {
                    let p = path + ".tiers[\(i)]"
                    guard let h = fields(item, p, allowed: ["upTo", "price"]) else { continue }
                    let upTo = integer(h["upTo"], p + ".upTo", min: 1, what: "certificates per 30 days, at least 1")
                    let price = number(required(h, "price", in: item, p), p + ".price", in: 0...1e6, what: "US dollars") ?? 0
                    tiers.append(.init(upTo: upTo, microDollars: Int64((price * 1e6).rounded())))
                }
                table[mode].tiers = tiers
            }
        }
        return table
    }

    // MARK: checks across fields

    mutating func check(_ s: Scenario, lines: [String: YAMLNode], root: YAMLNode, services: YAMLNode?) {
        let ca = s.ca
        let lifetimeNode = lines["ca.lifetime"] ?? lines["ca.mode"]
        if ca.mode == .shortLived && ca.lifetime > CAMode.shortLivedMaxLifetime {
            error(lifetimeNode, "ca.lifetime", "\(DurationText.format(ca.lifetime)) is above the 7-day limit of SHORT_LIVED mode "
                  + "(the Private CA refuses it; use GENERAL_PURPOSE mode or a lifetime of at most 7d)")
        }
        if ca.backdate >= ca.lifetime {
            error(lines["ca.backdate"], "ca.backdate", "\(DurationText.format(ca.backdate)) is not below the lifetime "
                  + "\(DurationText.format(ca.lifetime)): every certificate would be issued already expired")
        }
        let renewAt = s.renewAtSeconds
        let renewNode = lines["rotation.renewAt"] ?? lines["rotation.renewAtFraction"] ?? lines["ca.lifetime"]
        if renewAt >= ca.lifetime {
            warn(renewNode, "rotation.renewAt", "\(DurationText.format(renewAt)) is not below the lifetime "
                 + "\(DurationText.format(ca.lifetime)): every certificate expires before its renewal starts")
        }
        let earliest = Int64((Double(renewAt) * (1 - s.rotation.jitter)).rounded(.down))
        if earliest <= ca.backdate && ca.backdate < ca.lifetime {
            error(renewNode, "rotation.renewAt", "renewal age \(DurationText.format(earliest)) (with jitter) is not above the backdate "
                  + "\(DurationText.format(ca.backdate)): renewal would start before the certificate is in hand")
        }
        if s.duration > Scenario.maxDuration {
            error(lines["duration"] ?? root, "duration", "window too long (at most \(Scenario.maxDuration / 86400) days)")
        }
        let tasks = s.services.reduce(0) { $0 + $1.tasks }
        if tasks > EventQueue.maxSlots {
            error(services, "services", "\(tasks) tasks in all; the simulator handles at most \(EventQueue.maxSlots)")
        }
        // Events and memory grow with the fleet (a fleet from elsewhere is checked once built).
        if !servicesFromElsewhere { for w in s.workWarnings { warn(services, "services", w) } }
        // Clients must name services of this scenario.
        let names = Set(s.services.map(\.name))
        if !servicesFromElsewhere, case .sequence(let seq)? = services?.content {
            for (i, svc) in s.services.enumerated() where i < seq.count {
                for c in svc.clients where !names.contains(c) {
                    error(seq[i], "services[\(i)].clients", "`\(c)` is not a service of this scenario")
                }
            }
        }
        for (i, o) in ca.outages.enumerated() where o.end <= s.start || o.start >= s.end {
            warn(lines["ca.outages"], "ca.outages[\(i)]", "outside the window [\(Timestamp.format(s.start)), \(Timestamp.format(s.end))): no effect")
        }
        if let r = ca.rollover {
            if let retire = r.retireOld, retire <= r.at {
                warn(lines["ca.rollover.retireOld"], "ca.rollover.retireOld",
                     "not after `at`: certificates from the old CA are untrusted while it still issues them")
            }
            if let retire = r.retireOld, retire < r.trustNewFrom {
                warn(lines["ca.rollover.retireOld"], "ca.rollover.retireOld",
                     "before trustNewFrom: clients trust neither CA in between")
            }
        }
    }
}
