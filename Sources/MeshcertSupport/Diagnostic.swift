/// One problem in a file meshcert reads (certificate files, App Mesh exports and CRDs, rotation
/// scenarios, handshake plans, lab topologies): where it is, which field, and why. Every reader
/// reports through this type, so every message has the same shape:
/// `file:line: severity: field: message` (the parts that are known; the column is kept for
/// machine-readable output, not printed, so that messages stay as they always were).
/// Messages never quote the input's text beyond a field's own value: a file may hold secrets.
public struct Diagnostic: Error, Sendable, Equatable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error, warning }

    public var severity: Severity
    public var file: String
    /// 1-based, where the reader knows it (YAML inputs).
    public var line: Int?
    public var column: Int?
    /// Dotted path of the field (`ca.lifetime`, `checks[2].trust`, `virtualNode.spec.listeners[0]`);
    /// empty for the file as a whole.
    public var field: String
    /// A stable machine-readable code (`not_yaml`, `unknown_field`, `unreadable`...).
    public var code: String
    public var message: String

    public init(_ severity: Severity = .error, file: String, line: Int? = nil, column: Int? = nil, field: String = "",
                code: String, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.code = code
        self.message = message
    }

    /// `file:line`, as far as known.
    public var place: String { line.map { "\(file):\($0)" } ?? file }

    public var description: String {
        "\(place): \(severity.rawValue): \(field.isEmpty ? "" : field + ": ")\(message)"
    }
}

/// Every error found in one input (not just the first), as one thrown error.
public struct Diagnostics: Error, Sendable, CustomStringConvertible {
    public var items: [Diagnostic]
    public init(_ items: [Diagnostic]) { self.items = items }
    public var description: String { items.map(\.description).joined(separator: "\n") }
}
