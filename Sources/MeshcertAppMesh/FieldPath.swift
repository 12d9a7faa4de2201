import Foundation

/// A field of a parsed JSON or YAML document together with its dotted path, so that every
/// type error names the exact field (`virtualNode.spec.listeners[0].portMapping.port`).
struct FieldPath {
    let value: DocValue?
    let path: String

    init(_ value: DocValue?, path: String) {
        self.value = value
        self.path = path
    }

    struct Failure: Error {
        var field: String
        var message: String
    }

    var isPresent: Bool {
        if case .some(.null) = value { return false }
        return value != nil
    }

    func child(_ key: String) throws -> FieldPath {
        let next = path.isEmpty ? key : path + "." + key
        guard isPresent else { return FieldPath(nil, path: next) }
        guard case .object(let dict) = value else {
            throw Failure(field: path, message: "expected an object, found \(FieldPath.describe(value))")
        }
        return FieldPath(dict[key], path: next)
    }

    /// The first present key of several spellings (`certificateArn` / `certificateARN`).
    func child(_ keys: String...) throws -> FieldPath {
        for key in keys {
            let c = try child(key)
            if c.isPresent { return c }
        }
        return try child(keys[0])
    }

    var keys: [String] {
        if case .object(let dict) = value { return Array(dict.keys) }
        return []
    }

    /// Refuses a key outside `known`: a misspelt `validaton` would otherwise read as absent, and
    /// a listener requiring client certificates would look like one that does not.
    func onlyKeys(_ known: Set<String>) throws {
        if let unknown = keys.sorted().first(where: { !known.contains($0) }) {
            throw Failure(field: path.isEmpty ? unknown : path + "." + unknown,
                          message: "unknown key '\(unknown)' (expected \(known.sorted().joined(separator: ", ")))")
        }
    }

    func object() throws -> FieldPath? {
        guard isPresent else { return nil }
        guard case .object = value else {
            throw Failure(field: path, message: "expected an object, found \(FieldPath.describe(value))")
        }
        return self
    }

    func array() throws -> [FieldPath] {
        guard isPresent else { return [] }
        guard case .array(let items) = value else {
            throw Failure(field: path, message: "expected a list, found \(FieldPath.describe(value))")
        }
        return items.enumerated().map { FieldPath($1, path: "\(path)[\($0)]") }
    }

    func string() throws -> String? {
        guard isPresent else { return nil }
        if case .string(let s) = value { return s }
        throw Failure(field: path, message: "expected a string, found \(FieldPath.describe(value))")
    }

    func requiredString() throws -> String {
        guard let s = try string(), !s.isEmpty else { throw Failure(field: path, message: "missing") }
        return s
    }

    func int() throws -> Int? {
        guard isPresent else { return nil }
        if case .int(let i) = value { return i }
        if case .double(let d) = value, d == d.rounded(), abs(d) < 1e15 { return Int(d) }
        throw Failure(field: path, message: "expected an integer, found \(FieldPath.describe(value))")
    }

    func requiredInt() throws -> Int {
        guard let i = try int() else { throw Failure(field: path, message: "missing") }
        return i
    }

    func bool() throws -> Bool? {
        guard isPresent else { return nil }
        if case .bool(let b) = value { return b }
        throw Failure(field: path, message: "expected true or false, found \(FieldPath.describe(value))")
    }

    func strings() throws -> [String] {
        try array().map { try $0.requiredString() }
    }

    static func describe(_ value: DocValue?) -> String {
        switch value {
        case nil, .null: return "null"
        case .string: return "a string"  // never echo values: the file may hold more than configuration
        case .bool: return "a boolean"
        case .array: return "a list"
        case .object: return "an object"
        case .int, .double: return "a number"
        }
    }
}
