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
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out, pretty: pretty, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the rendering to a byte buffer (large documents: no intermediate Strings).
    public func write(into out: inout [UInt8], pretty: Bool, indent: Int) {
        switch self {
        case .null: out.append(contentsOf: JSON.nullBytes)
        case .bool(let b): out.append(contentsOf: b ? JSON.trueBytes : JSON.falseBytes)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): out.append(contentsOf: JSON.formatDouble(d).utf8)
        case .string(let s): JSON.escape(s, into: &out)
        case .array(let items):
            if items.isEmpty { out.append(UInt8(ascii: "[")); out.append(UInt8(ascii: "]")); return }
            out.append(UInt8(ascii: "["))
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { JSON.newline(&out, indent + 2) }
                item.write(into: &out, pretty: pretty, indent: indent + 2)
            }
            if pretty { JSON.newline(&out, indent) }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            if fields.isEmpty { out.append(UInt8(ascii: "{")); out.append(UInt8(ascii: "}")); return }
            out.append(UInt8(ascii: "{"))
            for (n, (key, value)) in fields.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { JSON.newline(&out, indent + 2) }
                JSON.escape(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                value.write(into: &out, pretty: pretty, indent: indent + 2)
            }
            if pretty { JSON.newline(&out, indent) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let nullBytes = Array("null".utf8), trueBytes = Array("true".utf8), falseBytes = Array("false".utf8)

    private static func newline(_ out: inout [UInt8], _ indent: Int) {
        out.append(10)
        for _ in 0..<indent { out.append(32) }
    }

    /// Doubles print with up to 3 decimals, without trailing zeros beyond one (`395.0`, `0.058`).
    static func formatDouble(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        // From 2^53 on every double is whole (and d * 1000 could overflow to infinity).
        let rounded = abs(d) < 9007199254740992 ? (d * 1000).rounded() / 1000 : d
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int64(rounded)) + ".0" }
        var s = String(rounded)
        if s.contains("e") { s = String(format3: rounded) }
        return s
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func escape(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            // Fast path: most strings need no escaping and are copied in one go.
            if !bytes.contains(where: { $0 < 0x20 || $0 == 34 || $0 == 92 }) {
                out.append(contentsOf: bytes)
                return
            }
            for c in bytes {
                switch c {
                case 34: out.append(92); out.append(c)
                case 92: out.append(92); out.append(92)
                case 10: out.append(92); out.append(UInt8(ascii: "n"))
                case 13: out.append(92); out.append(UInt8(ascii: "r"))
                case 9: out.append(92); out.append(UInt8(ascii: "t"))
                case 0..<0x20:
                    out.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hexDigits[Int(c >> 4)], hexDigits[Int(c & 15)]])
                default: out.append(c)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
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
    /// The exact decimal digits of a non-negative integral double of any size: `Int64(_:)`
    /// traps from 2^63 on, and a cost or count that large must not stop the program.
    init(integralDigits w: Double) {
        if w < 9.2e18 { self = String(Int64(w)); return }
        // w = significand × 2^shift with shift ≥ 11 here; double a little-endian digit array.
        var digits: [UInt8] = []
        var m = w.significandBitPattern | (1 << 52)
        while m > 0 { digits.append(UInt8(m % 10)); m /= 10 }
        for _ in 0..<(Int(w.exponent) - 52) {
            var carry: UInt8 = 0
            for i in digits.indices {
                let v = digits[i] * 2 + carry
                digits[i] = v % 10
                carry = v / 10
            }
            if carry > 0 { digits.append(carry) }
        }
        self = String(decoding: digits.reversed().map { $0 + 48 }, as: UTF8.self)
    }

    init(format3 d: Double) {
        var s = ""
        let negative = d < 0
        var v = abs(d)
        let whole = v.rounded(.down)
        s = String(integralDigits: whole)
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
