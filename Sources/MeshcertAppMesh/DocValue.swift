import Foundation
import Yams

/// A parsed JSON or YAML value with exact types (a JSON `1` is never mistaken for `true`, which
/// Foundation's NSNumber-based parsing cannot promise).
enum DocValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([DocValue])
    case object([String: DocValue])

    init(from decoder: Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var items: [DocValue] = []
            if let count = list.count { items.reserveCapacity(count) }
            while !list.isAtEnd { items.append(try list.decode(DocValue.self)) }
            self = .array(items)
            return
        }
        if let dict = try? decoder.container(keyedBy: AnyKey.self) {
            var fields: [String: DocValue] = [:]
            for key in dict.allKeys { fields[key.stringValue] = try dict.decode(DocValue.self, forKey: key) }
            self = .object(fields)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null }
        else if let b = try? single.decode(Bool.self) { self = .bool(b) }
        else if let i = try? single.decode(Int.self) { self = .int(i) }
        else if let d = try? single.decode(Double.self) { self = .double(d) }
        else { self = .string(try single.decode(String.self)) }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }

    /// Parses JSON text.
    static func json(_ data: Data) throws -> DocValue {
        try JSONDecoder().decode(DocValue.self, from: data)
    }

    /// Converts a Yams node (core schema: ints, floats, booleans, null resolved by tag).
    init(yaml node: Node) {
        switch node {
        case .scalar(let scalar):
            switch node.tag.description {
            case Tag.Name.null.rawValue: self = .null
            case Tag.Name.bool.rawValue: self = Bool.construct(from: scalar).map(DocValue.bool) ?? .string(scalar.string)
            case Tag.Name.int.rawValue: self = Int.construct(from: scalar).map(DocValue.int) ?? .string(scalar.string)
            case Tag.Name.float.rawValue: self = Double.construct(from: scalar).map(DocValue.double) ?? .string(scalar.string)
            default: self = .string(scalar.string)
            }
        case .sequence(let seq):
            self = .array(seq.map { DocValue(yaml: $0) })
        case .mapping(let map):
            var fields: [String: DocValue] = [:]
            for (key, value) in map { fields[key.string ?? ""] = DocValue(yaml: value) }
            self = .object(fields)
        case .alias:
            self = .null
        }
    }
}
