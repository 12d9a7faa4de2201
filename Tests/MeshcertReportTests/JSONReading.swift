import MeshcertSupport

/// Lenient accessors for the tests' look-ups in report.json: a missing or mistyped field reads as empty.
extension JSON {
    var array: [JSON] { arrayValue ?? [] }
    var string: String { stringValue ?? "" }
    var isNull: Bool { if case .null = self { return true }; return false }
    var bool: Bool { if case .bool(let b) = self { return b }; return false }
    var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
    var int: Int64 { intValue ?? number.map { Int64($0) } ?? 0 }
    var fields: [(String, JSON)] { if case .object(let f) = self { return f }; return [] }

    /// `doc[path: "summary", "overall", "blockers"]`
    subscript(path keys: String...) -> JSON {
        var v: JSON = self
        for k in keys { v = v[k] ?? .null }
        return v
    }
}
