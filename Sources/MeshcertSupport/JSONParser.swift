/// meshcert's one JSON parser: strict RFC 8259, straight into `JSON` (keys in document order,
/// integers kept apart from fractions, so a document read back renders exactly as written).
/// Exports hold thousands of small files; Foundation's JSONDecoder spends most of its time
/// building errors for the type probes a schemaless decode needs, and JSONSerialization blurs
/// `1` and `true`. This reads bytes once. Typed documents decode from the result with
/// `JSONValueDecoder`. Readers with a tree of their own (App Mesh's `DocValue`) get it built
/// directly (`JSONTreeValue`): one grammar, no second pass over a converted tree. The parser is
/// `@inlinable` so that each caller's tree type is specialised, not reached through witnesses.
public struct JSONParser {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public var description: String { "\(reason) at byte \(offset)" }
        @inlinable public init(offset: Int, reason: String) { self.offset = offset; self.reason = reason }
    }

    @usableFromInline let bytes: [UInt8]
    @usableFromInline var i = 0
    @usableFromInline var depth = 0

    public static func parse(_ bytes: [UInt8]) throws(Failure) -> JSON {
        try parse(bytes, as: JSON.self)
    }

    /// Parses into any tree type.
    @inlinable
    public static func parse<V: JSONTreeValue>(_ bytes: [UInt8], as type: V.Type) throws(Failure) -> V {
        var parser = JSONParser(bytes: bytes)
        parser.skipSpace()
        let value: V = try parser.value()
        parser.skipSpace()
        guard parser.i == parser.bytes.count else { throw Failure(offset: parser.i, reason: "unexpected text after the JSON value") }
        return value
    }

    @inlinable
    init(bytes: [UInt8]) {
        // A UTF-8 byte order mark is tolerated.
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
    }

    @inlinable mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    @inlinable func fail(_ reason: String) -> Failure { Failure(offset: i, reason: reason) }

    @inlinable mutating func value<V: JSONTreeValue>() throws(Failure) -> V {
        guard i < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .jsonString(try string())
        case UInt8(ascii: "t"): try literal("true"); return .jsonBool(true)
        case UInt8(ascii: "f"): try literal("false"); return .jsonBool(false)
        case UInt8(ascii: "n"): try literal("null"); return .jsonNull
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("unexpected character")
        }
    }

    @inlinable mutating func literal(_ word: String) throws(Failure) {
        let expected = Array(word.utf8)
        guard i + expected.count <= bytes.count, bytes[i..<i + expected.count].elementsEqual(expected) else {
            throw fail("unexpected character")
        }
        i += expected.count
    }

    @inlinable mutating func object<V: JSONTreeValue>() throws(Failure) -> V {
        depth += 1
        guard depth <= 512 else { throw fail("nested too deeply") }
        defer { depth -= 1 }
        i += 1
        var fields: [(String, V)] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .jsonObject(fields) }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
            let key = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            i += 1
            skipSpace()
            fields.append((key, try value() as V))
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end of input") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .jsonObject(fields) }
            throw fail("expected ',' or '}'")
        }
    }

    @inlinable mutating func array<V: JSONTreeValue>() throws(Failure) -> V {
        depth += 1
        guard depth <= 512 else { throw fail("nested too deeply") }
        defer { depth -= 1 }
        i += 1
        var items: [V] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .jsonArray(items) }
        while true {
            skipSpace()
            items.append(try value() as V)
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end of input") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .jsonArray(items) }
            throw fail("expected ',' or ']'")
        }
    }

    @inlinable mutating func string() throws(Failure) -> String {
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") {
            guard bytes[i] >= 0x20 else { throw fail("control character in a string") }
            i += 1
        }
        guard i < bytes.count else { throw fail("unterminated string") }
        if bytes[i] == UInt8(ascii: "\"") {
            defer { i += 1 }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
            guard c >= 0x20 else { throw fail("control character in a string") }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            i += 1
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid surrogate pair") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let u = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default: throw fail("invalid escape")
            }
        }
        throw fail("unterminated string")
    }

    @inlinable mutating func hex4() throws(Failure) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape")
            }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }

    @inlinable mutating func number<V: JSONTreeValue>() throws(Failure) -> V {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        func digits() -> Int {
            let s = i
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
            return i - s
        }
        let intDigits = digits()
        guard intDigits > 0 else { throw fail("invalid number") }
        if intDigits > 1, bytes[i - intDigits] == UInt8(ascii: "0") { throw fail("leading zero in a number") }
        var integral = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            integral = false
            guard digits() > 0 else { throw fail("invalid number") }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            integral = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw fail("invalid number") }
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if integral, let v = Int64(text) { return .jsonInt(v) }
        guard let d = Double(text) else { throw fail("invalid number") }
        return .jsonDouble(d)
    }
}

public extension JSON {
    /// Parses JSON text (a UTF-8 byte order mark is tolerated).
    static func parse(_ bytes: [UInt8]) throws(JSONParser.Failure) -> JSON { try JSONParser.parse(bytes) }
    static func parse(_ text: String) throws(JSONParser.Failure) -> JSON { try JSONParser.parse(Array(text.utf8)) }
}

/// A tree the parser can build directly.
public protocol JSONTreeValue {
    static var jsonNull: Self { get }
    static func jsonBool(_ value: Bool) -> Self
    static func jsonInt(_ value: Int64) -> Self
    static func jsonDouble(_ value: Double) -> Self
    static func jsonString(_ value: String) -> Self
    static func jsonArray(_ items: [Self]) -> Self
    /// Fields in document order (repeated keys included: the tree decides which one wins).
    static func jsonObject(_ fields: [(String, Self)]) -> Self
}

extension JSON: JSONTreeValue {
    @inlinable public static var jsonNull: JSON { .null }
    @inlinable public static func jsonBool(_ value: Bool) -> JSON { .bool(value) }
    @inlinable public static func jsonInt(_ value: Int64) -> JSON { .int(value) }
    @inlinable public static func jsonDouble(_ value: Double) -> JSON { .double(value) }
    @inlinable public static func jsonString(_ value: String) -> JSON { .string(value) }
    @inlinable public static func jsonArray(_ items: [JSON]) -> JSON { .array(items) }
    @inlinable public static func jsonObject(_ fields: [(String, JSON)]) -> JSON { .object(fields) }
}
