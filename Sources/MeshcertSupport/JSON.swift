/// A JSON document with ordered keys and explicit nulls. meshcert's machine-readable output is a
/// public contract: building it by hand keeps field order stable, prints `null` where a value is
/// absent (rather than dropping the key) and makes byte-identical output easy to guarantee.
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool { a.render() == b.render() }

    public static func int(_ v: Int) -> JSON { .int(Int64(v)) }
    public static func string(_ v: String?) -> JSON { v.map(JSON.string) ?? .null }
    public static func strings(_ v: [String]) -> JSON { .array(v.map(JSON.string)) }

    /// Renders the document. Pretty output uses two-space indentation and ends without a newline.
    public func render(pretty: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(1024)
        write(into: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(into out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += JSON.formatDouble(d)
        case .string(let s): JSON.escape(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (n, item) in items.enumerated() {
                if n > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: " ", count: indent + 2) }
                item.write(into: &out, pretty: pretty, indent: indent + 2)
            }
            if pretty { out += "\n" + String(repeating: " ", count: indent) }
            out += "]"
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{"
            for (n, (key, value)) in fields.enumerated() {
                if n > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: " ", count: indent + 2) }
                JSON.escape(key, into: &out)
                out += pretty ? ": " : ":"
                value.write(into: &out, pretty: pretty, indent: indent + 2)
            }
            if pretty { out += "\n" + String(repeating: " ", count: indent) }
            out += "}"
        }
    }

    /// Doubles print with up to 3 decimals, without trailing zeros beyond one (`395.0`, `0.058`).
    static func formatDouble(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        let rounded = (d * 1000).rounded() / 1000
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int64(rounded)) + ".0" }
        var s = String(rounded)
        if s.contains("e") { s = String(format3: rounded) }
        return s
    }

    static func escape(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    // MARK: reading values back (tests, report embedding)

    public subscript(key: String) -> JSON? {
        if case .object(let fields) = self { return fields.first(where: { $0.0 == key })?.1 }
        return nil
    }
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var arrayValue: [JSON]? { if case .array(let a) = self { return a }; return nil }
    public var intValue: Int64? { if case .int(let i) = self { return i }; return nil }
}

private extension String {
    init(format3 d: Double) {
        var s = ""
        let negative = d < 0
        var v = abs(d)
        let whole = v.rounded(.down)
        s = String(Int64(whole))
        v -= whole
        let frac = Int64((v * 1000).rounded())
        if frac > 0 {
            var f = String(frac)
            while f.count < 3 { f = "0" + f }
            while f.hasSuffix("0") { f.removeLast() }
            s += "." + f
        }
        self = (negative ? "-" : "") + s
    }
}
