/// Encodes any `Encodable` into a `JSON` value, so that a typed document is written by the same
/// renderer as every other meshcert output. Two rules keep documents byte-stable:
/// - keys keep the order in which `encode(to:)` writes them (synthesized: declaration order);
/// - an absent optional is written as `null`, never dropped: `encodeIfPresent` writes `null`.
///   A field that must be left out when absent is written with `encodeOmittingNil`.
public struct JSONValueEncoder: Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> JSON {
        let root = EncodingNode()
        try value.encode(to: NodeEncoder(node: root, codingPath: []))
        return root.json
    }
}

/// One node of the document under construction: containers hand out child nodes by reference,
/// as `Encoder` requires (a nested container is written after the parent asked for it).
final class EncodingNode {
    enum Content { case value(JSON), object([(String, EncodingNode)]), array([EncodingNode]) }
    var content: Content = .value(.null)

    var json: JSON {
        switch content {
        case .value(let v): return v
        case .object(let fields): return .object(fields.map { ($0.0, $0.1.json) })
        case .array(let items): return .array(items.map(\.json))
        }
    }

    // Appending takes the array out of `content` first, so that it is not shared and grows in
    // place: a document with 100,000 services is not copied once per service.
    func child(forKey key: String) -> EncodingNode {
        guard case .object(var fields) = content else {
            let node = EncodingNode()
            content = .object([(key, node)])
            return node
        }
        if let found = fields.first(where: { $0.0 == key }) { return found.1 }
        let node = EncodingNode()
        content = .value(.null)
        fields.append((key, node))
        content = .object(fields)
        return node
    }

    func remove(key: String) {
        if case .object(var fields) = content { fields.removeAll { $0.0 == key }; content = .object(fields) }
    }

    func appendChild() -> EncodingNode {
        let node = EncodingNode()
        guard case .array(var items) = content else {
            content = .array([node])
            return node
        }
        content = .value(.null)
        items.append(node)
        content = .array(items)
        return node
    }

    func makeObject() { if case .object = content {} else { content = .object([]) } }
    func makeArray() { if case .array = content {} else { content = .array([]) } }
}

struct NodeEncoder: Encoder {
    let node: EncodingNode
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

/// Scalars map one to one; everything else encodes itself into a fresh node.
private func encodeValue<T: Encodable>(_ value: T, into node: EncodingNode, path: [any CodingKey]) throws {
    switch value {
    case let v as JSON: node.content = .value(v)
    case let v as String: node.content = .value(.string(v))
    case let v as Bool: node.content = .value(.bool(v))
    case let v as Int: node.content = .value(.int(Int64(v)))
    case let v as Int64: node.content = .value(.int(v))
    case let v as Int32: node.content = .value(.int(Int64(v)))
    case let v as UInt16: node.content = .value(.int(Int64(v)))
    case let v as Double: node.content = .value(.double(v))
    default: try value.encode(to: NodeEncoder(node: node, codingPath: path))
    }
}

struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.child(forKey: key.stringValue).content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeValue(value, into: node.child(forKey: key.stringValue), path: codingPath + [key])
    }

    // The contract prints absent values as null: every `encodeIfPresent` writes the key.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeIfPresent(value as Bool??, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeIfPresent(value as String??, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeIfPresent(value as Double??, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeIfPresent(value as Int??, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeIfPresent(value as Int64??, key) }

    private mutating func encodeIfPresent<T: Encodable>(_ value: T??, _ key: Key) throws {
        guard let inner = value ?? nil else { return try encodeNil(forKey: key) }
        try encode(inner, forKey: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child(forKey: key.stringValue)
        child.makeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child(forKey: key.stringValue)
        child.makeArray()
        return UnkeyedNodeContainer(node: child, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.child(forKey: "super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]) }
}

public extension KeyedEncodingContainer {
    /// Leaves the key out when `value` is nil (the few fields whose contract omits them).
    mutating func encodeOmittingNil<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }
}

struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    var codingPath: [any CodingKey]
    var count: Int { if case .array(let items) = node.content { return items.count }; return 0 }

    mutating func encodeNil() throws { node.appendChild().content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try encodeValue(value, into: node.appendChild(), path: codingPath)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = node.appendChild()
        child.makeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = node.appendChild()
        child.makeArray()
        return UnkeyedNodeContainer(node: child, codingPath: codingPath)
    }
    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.appendChild(), codingPath: codingPath) }
}

struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encodeValue(value, into: node, path: codingPath) }
}

extension JSON: Codable {
    /// A `JSON` value inside a typed document is written as it is (ordered keys, explicit nulls).
    public func encode(to encoder: any Encoder) throws {
        if let nodeEncoder = encoder as? NodeEncoder { nodeEncoder.node.content = .value(self); return }
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let items): try c.encode(items)
        case .object(let fields):
            var keyed = encoder.container(keyedBy: AnyKey.self)
            for (k, v) in fields { try keyed.encode(v, forKey: AnyKey(k)) }
        }
    }

    public init(from decoder: any Decoder) throws {
        if let nodeDecoder = decoder as? NodeDecoder { self = nodeDecoder.value; return }
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSON].self) { self = .array(a) }
        else {
            let keyed = try decoder.container(keyedBy: AnyKey.self)
            self = .object(try keyed.allKeys.map { ($0.stringValue, try keyed.decode(JSON.self, forKey: $0)) })
        }
    }
}

/// A coding key for any string (JSON objects with keys not known in advance).
public struct AnyKey: CodingKey, Sendable {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(_ s: String) { stringValue = s }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { stringValue = String(intValue) }
}
