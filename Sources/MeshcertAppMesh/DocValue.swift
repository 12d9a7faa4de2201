import Foundation
import Yams

/// A parsed JSON or YAML value with exact types (a JSON `1` is never mistaken for `true`, which
/// Foundation's NSNumber-based parsing cannot promise).
enum DocValue: Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([DocValue])
    case object([String: DocValue])

    /// Parses JSON text.
    static func json(_ data: Data) throws -> DocValue {
        try JSONParser.parse(data)
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
