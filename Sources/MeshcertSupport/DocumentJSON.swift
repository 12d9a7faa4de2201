/// Editing a written document at a path: what a test (or a migration of an old document) needs
/// to see what a typed reader makes of a renamed or mistyped field.
public enum DocumentJSON {
    /// The keys of an object, in document order (none for anything else).
    public static func keys(_ json: JSON?) -> [String] {
        if case .object(let fields)? = json { return fields.map(\.0) }
        return []
    }

    /// The document with one key renamed (and, if given, its value replaced) in the object at
    /// `path` (keys, or array indices as digits).
    public static func rename(_ json: JSON, at path: [String], from old: String, to new: String, value: JSON? = nil) -> JSON {
        switch json {
        case .object(let fields):
            if let step = path.first {
                return .object(fields.map { $0.0 == step ? ($0.0, rename($0.1, at: Array(path.dropFirst()), from: old, to: new, value: value)) : $0 })
            }
            return .object(fields.map { $0.0 == old ? (new, value ?? $0.1) : $0 })
        case .array(let items):
            guard let step = path.first, let index = Int(step) else { return json }
            return .array(items.enumerated().map {
                $0.offset == index ? rename($0.element, at: Array(path.dropFirst()), from: old, to: new, value: value) : $0.element
            })
        default:
            return json
        }
    }
}
