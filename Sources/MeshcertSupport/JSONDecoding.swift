/// Decodes any `Decodable` from a `JSON` value: the reading side of a typed document
/// (`--previous`, `--rerender`, a report reading another command's output). A missing key is
/// `nil` for an optional and an error naming the field path otherwise; a mistyped value is an
/// error, never a silent empty value.
public struct JSONValueDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from json: JSON) throws -> T {
        try T(from: NodeDecoder(value: json, codingPath: []))
    }

    /// Parses the text and decodes it.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try decode(type, from: try JSON.parse(bytes))
    }
}

struct NodeDecoder: Decoder {
    let value: JSON
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let fields) = value else { throw mismatch("an object", value, codingPath) }
        return KeyedDecodingContainer(KeyedNodeDecoding<Key>(fields: fields, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch("an array", value, codingPath) }
        return UnkeyedNodeDecoding(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleNodeDecoding(value: value, codingPath: codingPath)
    }
}

private func isNull(_ v: JSON) -> Bool { if case .null = v { return true }; return false }

private func mismatch(_ expected: String, _ value: JSON, _ path: @autoclosure () -> [any CodingKey]) -> DecodingError {
    let kind: String
    switch value {
    case .null: kind = "null"
    case .bool: kind = "a boolean"
    case .int, .double: kind = "a number"
    case .string: kind = "a string"
    case .array: kind = "an array"
    case .object: kind = "an object"
    }
    return .typeMismatch(Any.self, .init(codingPath: path(), debugDescription: "expected \(expected), found \(kind)"))
}

/// Scalars read directly; everything else decodes itself from the sub-value.
/// The path is built only when needed (an error, or a nested value): building one per scalar
/// field was most of the cost of reading a large document back.
private func decodeValue<T: Decodable>(_ type: T.Type, _ value: JSON, _ path: @autoclosure () -> [any CodingKey]) throws -> T {
    if T.self == JSON.self { return value as! T }
    if T.self == String.self {
        guard case .string(let s) = value else { throw mismatch("a string", value, path()) }
        return s as! T
    }
    if T.self == Bool.self {
        guard case .bool(let b) = value else { throw mismatch("a boolean", value, path()) }
        return b as! T
    }
    if T.self == Int.self { return Int(try integer(value, path())) as! T }
    if T.self == Int64.self { return try integer(value, path()) as! T }
    if T.self == Double.self {
        switch value {
        case .int(let i): return Double(i) as! T
        case .double(let d): return d as! T
        default: throw mismatch("a number", value, path())
        }
    }
    return try T(from: NodeDecoder(value: value, codingPath: path()))
}

private func integer(_ value: JSON, _ path: @autoclosure () -> [any CodingKey]) throws -> Int64 {
    switch value {
    case .int(let i): return i
    case .double(let d) where d.rounded() == d && abs(d) < 9e15: return Int64(d)
    default: throw mismatch("an integer", value, path())
    }
}

struct KeyedNodeDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let fields: [(String, JSON)]
    var codingPath: [any CodingKey]
    /// Field positions by key, for objects large enough that a linear search per key (the
    /// synthesized `init(from:)` asks for every key) would cost more than hashing them once.
    private let index: [String: Int]?

    init(fields: [(String, JSON)], codingPath: [any CodingKey]) {
        self.fields = fields
        self.codingPath = codingPath
        if fields.count > 8 {
            var index: [String: Int] = [:]
            index.reserveCapacity(fields.count)
            for (i, field) in fields.enumerated() { index[field.0] = i }  // a repeated key: the last wins
            self.index = index
        } else {
            index = nil
        }
    }

    var allKeys: [Key] { fields.compactMap { Key(stringValue: $0.0) } }
    func contains(_ key: Key) -> Bool { lookup(key) != nil }

    /// A repeated key: the last one wins, as in the App Mesh readers.
    private func lookup(_ key: Key) -> JSON? {
        if let index { return index[key.stringValue].map { fields[$0].1 } }
        return fields.last(where: { $0.0 == key.stringValue })?.1
    }

    private func required(_ key: Key) throws -> JSON {
        guard let v = lookup(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing field '\(key.stringValue)'"))
        }
        return v
    }

    func decodeNil(forKey key: Key) throws -> Bool { lookup(key).map(isNull) ?? true }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decodeValue(type, try required(key), codingPath + [key])
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let v = lookup(key), !isNull(v) else { return nil }
        return try decodeValue(type, v, codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try NodeDecoder(value: try required(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try NodeDecoder(value: try required(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { NodeDecoder(value: fields.first(where: { $0.0 == "super" })?.1 ?? .null, codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { NodeDecoder(value: lookup(key) ?? .null, codingPath: codingPath + [key]) }
}

struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "[\(intValue ?? 0)]" }
    init(_ i: Int) { intValue = i }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

struct UnkeyedNodeDecoding: UnkeyedDecodingContainer {
    let items: [JSON]
    var codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(items: [JSON], codingPath: [any CodingKey]) { self.items = items; self.codingPath = codingPath }

    private mutating func next() throws -> (JSON, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "array ends early"))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, isNull(items[currentIndex]) else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "array ends early"))
        }
        let i = currentIndex
        currentIndex += 1
        return try decodeValue(type, items[i], codingPath + [IndexKey(i)])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (v, path) = try next()
        return try NodeDecoder(value: v, codingPath: path).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (v, path) = try next()
        return try NodeDecoder(value: v, codingPath: path).unkeyedContainer()
    }
    mutating func superDecoder() throws -> any Decoder {
        let (v, path) = try next()
        return NodeDecoder(value: v, codingPath: path)
    }
}

struct SingleNodeDecoding: SingleValueDecodingContainer {
    let value: JSON
    var codingPath: [any CodingKey]
    func decodeNil() -> Bool { isNull(value) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type, value, codingPath) }
}

public extension DecodingError {
    /// "services[3].rotation.expiredAt: expected a string, found a number": the field path first.
    var fieldDescription: String {
        func path(_ keys: [any CodingKey]) -> String {
            var out = ""
            for k in keys {
                if k.intValue != nil, k is IndexKey { out += k.stringValue } else { out += (out.isEmpty ? "" : ".") + k.stringValue }
            }
            return out.isEmpty ? "(document)" : out
        }
        switch self {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): return "\(path(c.codingPath)): \(c.debugDescription)"
        case .keyNotFound(let k, let c): return "\(path(c.codingPath + [k])): \(c.debugDescription)"
        @unknown default: return "\(self)"
        }
    }
}
