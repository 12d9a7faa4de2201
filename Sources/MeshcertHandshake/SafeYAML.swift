import Yams

/// `Yams.load` force-unwraps mapping keys as strings and crashes on a complex key
/// (`? [a, b]: c`), found by Scripts/fuzz.sh FuzzHandshakePlan. Compose first, refuse
/// non-scalar keys with an error, then build the plain values.
enum SafeYAML {
    struct NonScalarKey: Error, CustomStringConvertible {
        var line: Int
        var description: String { "line \(line): mapping keys must be plain text" }
    }

    static func load(_ text: String) throws -> Any? {
        guard let node = try Yams.compose(yaml: text) else { return nil }
        return try value(node)
    }

    /// Plain values: mappings keyed by the keys' text, sequences, scalars as Yams resolves them.
    private static func value(_ node: Node) throws -> Any {
        switch node {
        case .mapping(let mapping):
            var out: [String: Any] = [:]
            for (key, item) in mapping {
                guard case .scalar(let scalar) = key else { throw NonScalarKey(line: key.mark?.line ?? 0) }
                out[scalar.string] = try value(item)
            }
            return out
        case .sequence(let sequence):
            return try sequence.map(value)
        case .scalar, .alias:
            return node.any
        }
    }
}
