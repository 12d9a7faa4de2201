import MeshcertSupport

/// Prometheus text exposition format 0.0.4: one `# HELP` and one `# TYPE` line per family,
/// then its samples; label values escaped (backslash, double quote, newline), HELP text
/// escaped (backslash, newline). Families are written in the order they were first declared.
public struct Exposition: Sendable {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public enum Kind: String, Sendable { case gauge, counter }

    private var order: [String] = []
    private var families: [String: (help: String, kind: Kind, samples: [String])] = [:]
    /// The raw sample lines of each family so far (for `rawSample`'s deduplication).
    private var rawLines: [String: Set<String>] = [:]

    public init() {}

    public mutating func family(_ name: String, _ kind: Kind, _ help: String) {
        if families[name] == nil {
            order.append(name)
            families[name] = (help, kind, [])
        }
    }

    /// One sample of a declared family. Non-finite values are written as Prometheus spells them.
    public mutating func sample(_ name: String, _ labels: [(String, String)] = [], _ value: Double) {
        guard families[name] != nil else { preconditionFailure("sample of undeclared family \(name)") }
        families[name]!.samples.append(name + Self.labelText(labels) + " " + Self.number(value))
    }

    /// A sample line already rendered elsewhere (`scan --format prometheus`), deduplicated
    /// through a set: a page carries every scan's series on each scrape (a linear search per
    /// line made that quadratic in the inventory).
    public mutating func rawSample(_ family: String, _ line: String) {
        guard families[family] != nil else { return }
        if rawLines[family, default: []].insert(line).inserted { families[family]!.samples.append(line) }
    }

    public func render() -> String {
        // One byte buffer for the page (thousands of sample lines per scrape), sized up front.
        var size = 0
        for f in families.values { size += 256 + f.samples.reduce(0) { $0 + $1.utf8.count + 1 } }
        var out = OutputBuffer(capacity: size)
        for name in order {
            let f = families[name]!
            out.text("# HELP "); out.text(name); out.byte(32); out.text(Self.escapeHelp(f.help))
            out.text("\n# TYPE "); out.text(name); out.byte(32); out.text(f.kind.rawValue); out.byte(10)
            for s in f.samples { out.text(s); out.byte(10) }
        }
        return out.string
    }

    static func labelText(_ labels: [(String, String)]) -> String {
        labels.isEmpty ? "" : "{" + labels.map { "\($0.0)=\"\(escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
    }

    public static func escapeLabel(_ s: String) -> String {
        // Most values need nothing: skip the rebuild (a page has thousands of them).
        if !s.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) { return s }
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func escapeHelp(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// Splits text exposition into (family, sample line) pairs and the families' HELP/TYPE,
    /// so that `scan --format prometheus` output of several scans merges into one page.
    static func parse(_ text: String) -> (families: [(name: String, kind: Kind, help: String)], samples: [(family: String, line: String)]) {
        var families: [(name: String, kind: Kind, help: String)] = []
        var helps: [String: String] = [:]
        var samples: [(family: String, line: String)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# HELP ") {
                let rest = line.dropFirst(7)
                let name = rest.prefix { $0 != " " }
                helps[String(name)] = String(rest.dropFirst(name.count + 1))
            } else if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ")
                guard parts.count == 2 else { continue }
                let name = String(parts[0])
                families.append((name, parts[1] == "counter" ? .counter : .gauge, helps[name] ?? name))
            } else if !line.hasPrefix("#") {
                let name = line.prefix { $0 != "{" && $0 != " " }
                samples.append((String(name), String(line)))
            }
        }
        return (families, samples)
    }
}
