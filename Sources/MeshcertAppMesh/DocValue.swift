import Foundation
import MeshcertSupport
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

    /// Parses JSON text with meshcert's one JSON parser.
    static func json(_ data: Data) throws -> DocValue {
        try json([UInt8](data))
    }

    static func json(_ bytes: [UInt8]) throws -> DocValue {
        DocValue(json: try JSON.parse(bytes))
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

    /// Converts a Yams node composed with `Resolver.basic` (no regex tag resolution, which
    /// costs more than the whole parse on Linux): plain scalars are typed here with the YAML 1.1
    /// rules Yams' default resolver uses; quoted scalars stay strings.
    init(yaml node: Node) {
        switch node {
        case .scalar(let scalar):
            self = scalar.style == .plain ? DocValue.plain(scalar.string) : .string(scalar.string)
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

    static func plain(_ s: String) -> DocValue {
        switch s {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return .bool(true)
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return .bool(false)
        default: break
        }
        guard let first = s.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else { return .string(s) }
        let digits = s.replacingOccurrences(of: "_", with: "")
        var body = Substring(digits)
        var sign = 1
        if body.hasPrefix("-") { sign = -1; body = body.dropFirst() } else if body.hasPrefix("+") { body = body.dropFirst() }
        if body.hasPrefix("0x"), let v = Int(body.dropFirst(2), radix: 16) { return .int(sign * v) }
        if body.hasPrefix("0o"), let v = Int(body.dropFirst(2), radix: 8) { return .int(sign * v) }
        if body.count > 1, body.hasPrefix("0"), body.allSatisfy({ $0 >= "0" && $0 <= "7" }), let v = Int(body, radix: 8) { return .int(sign * v) }
        if !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(body) { return .int(sign * v) }
        if body.contains(where: { $0.isASCII && $0.isNumber }), body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "-" || $0 == "+") }),
           let d = Double(digits) { return .double(d) }
        return .string(s)
    }
}
