import Foundation
import MeshcertSupport

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

    /// Parses JSON text with meshcert's one JSON parser.
    static func json(_ data: Data) throws -> DocValue {
        try json([UInt8](data))
    }

    static func json(_ bytes: [UInt8]) throws -> DocValue {
        try JSONParser.parse(bytes, as: DocValue.self)
    }

    /// Objects become dictionaries (a repeated key: the last one wins, as in most JSON readers).
    init(json: JSON) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(Int(i))
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let items): self = .array(items.map(DocValue.init(json:)))
        case .object(let fields):
            var dict: [String: DocValue] = [:]
            dict.reserveCapacity(fields.count)
            for (k, v) in fields { dict[k] = DocValue(json: v) }
            self = .object(dict)
        }
    }

    /// A node of meshcert's YAML layer: plain scalars typed by its YAML 1.1 rules, quoted
    /// scalars strings, mapping keys by their text, aliases null.
    init(yaml node: YAMLNode) {
        switch node.content {
        case .scalar(let s, let quoted): self = quoted ? .string(s) : DocValue.plain(s)
        case .sequence(let items): self = .array(items.map(DocValue.init(yaml:)))
        case .mapping(let pairs):
            var fields: [String: DocValue] = [:]
            for (key, value) in pairs { fields[key.text ?? ""] = DocValue(yaml: value) }
            self = .object(fields)
        case .alias: self = .null
        }
        if let tag = node.tag { self = DocValue.intrinsic(tag, self) }
    }

    /// A CloudFormation short tag in its JSON form: `!Ref X` is `{"Ref": "X"}`, `!Sub s` is
    /// `{"Fn::Sub": s}`, `!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}`. Other inputs have no tags.
    static func intrinsic(_ tag: String, _ value: DocValue) -> DocValue {
        let name = String(tag.dropFirst())
        switch name {
        case "Ref", "Condition": return .object([name: value])
        case "GetAtt":
            if case .string(let s) = value, let dot = s.firstIndex(of: ".") {
                return .object(["Fn::GetAtt": .array([.string(String(s[..<dot])), .string(String(s[s.index(after: dot)...]))])])
            }
            return .object(["Fn::GetAtt": value])
        default: return .object(["Fn::" + name: value])
        }
    }

    static func plain(_ s: String) -> DocValue { DocValue(json: YAML.plain(s)) }
}

/// Built straight by meshcert's one JSON parser (no `JSON` tree in between).
extension DocValue: JSONTreeValue {
    static var jsonNull: DocValue { .null }
    static func jsonBool(_ value: Bool) -> DocValue { .bool(value) }
    static func jsonInt(_ value: Int64) -> DocValue { .int(Int(value)) }
    static func jsonDouble(_ value: Double) -> DocValue { .double(value) }
    static func jsonString(_ value: String) -> DocValue { .string(value) }
    static func jsonArray(_ items: [DocValue]) -> DocValue { .array(items) }
    /// A repeated key: the last one wins, as in most JSON readers.
    static func jsonObject(_ fields: [(String, DocValue)]) -> DocValue {
        var dict: [String: DocValue] = [:]
        dict.reserveCapacity(fields.count)
        for (k, v) in fields { dict[k] = v }
        return .object(dict)
    }
}
