import Foundation

/// Bytes of a rendered output, appended in place: the renderers of large outputs (scan's json,
/// csv, prometheus and table) write into one of these instead of building Strings, trees or
/// line arrays; a streaming one hands its bytes on a chunk at a time (`spill`), the others keep
/// them for one `write`. Escaping is one pass over the UTF-8 bytes.
public struct OutputBuffer: Sendable {
    public var bytes: [UInt8] = []
    /// Where the bytes go when the output is streamed: `spill()` hands them over about a chunk
    /// at a time and `finish()` the rest. Without one, everything stays in `bytes`.
    public let sink: (@Sendable ([UInt8]) -> Void)?

    /// About this many bytes are handed to a sink at a time.
    public let chunk: Int

    /// Small enough to stay in cache, large enough for few writes (a 13 MB JSON inventory in
    /// one buffer cost 3,300 page faults).
    public static let defaultChunk = 1 << 17

    public init(capacity: Int = 0) {
        sink = nil
        chunk = 0
        bytes.reserveCapacity(capacity)
    }

    /// A buffer that streams to `sink`: the renderers call `spill()` between items.
    public init(streamingTo sink: @escaping @Sendable ([UInt8]) -> Void, chunk: Int = OutputBuffer.defaultChunk) {
        self.sink = sink
        self.chunk = max(1, chunk)
        bytes.reserveCapacity(self.chunk + self.chunk / 2)
    }

    public var count: Int { bytes.count }

    /// Room for `more` bytes: all of them when the buffer keeps everything; a streamed buffer
    /// never grows past about a chunk plus one item.
    public mutating func reserve(_ more: Int) {
        if sink == nil { bytes.reserveCapacity(count + more) }
    }

    /// Hands the bytes so far to the sink once they reach a chunk (nothing without a sink).
    @inlinable public mutating func spill() {
        if let sink, bytes.count >= chunk {
            sink(bytes)
            bytes.removeAll(keepingCapacity: true)
        }
    }

    /// Hands what is left to the sink (nothing without a sink: the bytes stay for the caller).
    public mutating func finish() {
        if let sink, !bytes.isEmpty {
            sink(bytes)
            bytes.removeAll(keepingCapacity: true)
        }
    }

    // The small appends are inlinable: the renderers (other modules) call them per field.
    @inlinable public mutating func byte(_ b: UInt8) { bytes.append(b) }

    /// Text as is (no escaping).
    public mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A literal as is (no escaping, no String in between).
    @inlinable public mutating func literal(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @usableFromInline static let spaces = [UInt8](repeating: 32, count: 64)

    /// `count` copies of `b` (padding, indentation).
    @inlinable public mutating func repeated(_ b: UInt8, _ count: Int) {
        guard count > 0 else { return }
        if b == 32 && count <= 64 { bytes.append(contentsOf: Self.spaces[0..<count]); return }
        for _ in 0..<count { bytes.append(b) }
    }

    /// A decimal integer, as `String(v)` writes it.
    public mutating func int<T: BinaryInteger>(_ v: T) {
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        var m = UInt64(v.magnitude)
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)   // 20 digits at most, reversed
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[n] = UInt8(truncatingIfNeeded: m % 10) + 48
                m /= 10
                n += 1
            } while m > 0
            for i in stride(from: n - 1, through: 0, by: -1) { bytes.append(d[i]) }
        }
    }

    /// RFC 3339 UTC with second precision, as `Timestamp.format` writes it.
    public mutating func timestamp(_ t: EpochSeconds) {
        Timestamp.write(t, into: &bytes)
    }

    /// A JSON string literal (quotes included), escaped as `JSON` escapes strings.
    public mutating func jsonString(_ s: String) {
        JSON.escape(s, into: &bytes)
    }

    /// A JSON string literal, or `null`.
    public mutating func jsonString(_ s: String?) {
        if let s { JSON.escape(s, into: &bytes) } else { literal("null") }
    }

    /// A Prometheus label value (without quotes): backslash, double quote and newline escaped.
    public mutating func prometheusLabelValue(_ s: String) {
        var s = s
        let done: Bool = s.withUTF8 { u in
            // Most values need nothing: copied in one go.
            if !u.contains(where: { $0 == 92 || $0 == 34 || $0 == 10 }) { bytes.append(contentsOf: u); return true }
            // Something to escape next to a CR or non-ASCII text: the String rules below decide
            // (a CR LF or a combining mark makes one Character with its neighbour).
            if u.contains(where: { $0 == 13 || $0 >= 0x80 }) { return false }
            for c in u {
                switch c {
                case 92: bytes.append(92); bytes.append(92)
                case 34: bytes.append(92); bytes.append(34)
                case 10: bytes.append(92); bytes.append(UInt8(ascii: "n"))
                default: bytes.append(c)
                }
            }
            return true
        }
        if !done {
            text(s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n"))
        }
    }

    /// A CSV field (RFC 4180), as `CSV.field` writes it: quoted, with quotes doubled, when it
    /// holds a comma, quote or line break.
    public mutating func csvField(_ s: String) {
        var s = s
        let plain = s.withUTF8 { u in
            if u.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) { return false }
            bytes.append(contentsOf: u)
            return true
        }
        // Rare: CSV.field's Character rules decide (CR LF is one Character, neither CR nor LF).
        if !plain { text(CSV.field(s)) }
    }

    /// A CSV field of already-joined UTF-8 bytes, as `csvField(String(decoding: u, as: UTF8.self))`.
    public mutating func csvField(bytes u: [UInt8]) {
        if !u.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) { bytes.append(contentsOf: u); return }
        text(CSV.field(String(decoding: u, as: UTF8.self)))
    }

    /// The text of the buffer (tests, callers that want a String).
    public var string: String { String(decoding: bytes, as: UTF8.self) }
}

// MARK: pretty JSON, as `JSON.write(into:pretty: true, indent:)` lays it out

extension OutputBuffer {
    /// A line break and `indent` spaces.
    @inlinable public mutating func newline(_ indent: Int) {
        bytes.append(10)
        repeated(32, indent)
    }

    @inlinable public mutating func jsonBool(_ b: Bool) { if b { literal("true") } else { literal("false") } }

    /// A number as `JSON.double` writes it (up to 3 decimals).
    public mutating func jsonDouble(_ d: Double) {
        let rounded = (d * 1000).rounded() / 1000
        if d.isFinite, rounded == rounded.rounded(), abs(rounded) < 1e15 {
            int(Int64(rounded))
            literal(".0")
        } else {
            text(JSON.formatDouble(d))
        }
    }

    /// An array of strings whose `[` stands at `indent`, as `JSON.strings(v)` is written there.
    public mutating func jsonStrings(_ v: [String], indent: Int) {
        if v.isEmpty { literal("[]"); return }
        bytes.append(UInt8(ascii: "["))
        for (n, s) in v.enumerated() {
            if n > 0 { bytes.append(44) }
            newline(indent + 2)
            JSON.escape(s, into: &bytes)
        }
        newline(indent)
        bytes.append(UInt8(ascii: "]"))
    }
}

/// The keys of one pretty JSON object whose `{` stands at `indent`: `key` writes the separator,
/// the line break and `"name": `, the caller the value; `close` the end (`{}` when empty).
public struct PrettyObject {
    @usableFromInline let indent: Int
    @usableFromInline var first = true

    public init(indent: Int) { self.indent = indent }

    @inlinable public mutating func key(_ name: StaticString, _ o: inout OutputBuffer) {
        o.byte(first ? UInt8(ascii: "{") : 44)
        first = false
        o.newline(indent + 2)
        o.byte(34)
        o.literal(name)
        o.literal("\": ")
    }

    @inlinable public func close(_ o: inout OutputBuffer) {
        if first { o.literal("{}"); return }
        o.newline(indent)
        o.byte(UInt8(ascii: "}"))
    }
}
