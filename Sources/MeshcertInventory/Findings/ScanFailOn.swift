/// One `--fail-on` condition of `meshcert scan`: a finding code, a severity, or `unreadable`
/// (a file with certificate material that could not be read).
public enum ScanFailOn: Hashable, Sendable {
    case code(String)
    case severity(Severity)
    case unreadable

    /// `expired`, `error`, `unreadable`...; nil for anything else.
    public init?(_ text: String) {
        if text == "unreadable" { self = .unreadable }
        else if let s = Severity(rawValue: text) { self = .severity(s) }
        else if Findings.codes[text] != nil { self = .code(text) }
        else { return nil }
    }

    /// Every accepted value, for error messages and `--help`.
    public static var knownValues: String {
        Findings.codes.keys.sorted().joined(separator: ", ") + ", error, warning, info, unreadable"
    }
}

public extension Inventory {
    /// True when any condition holds: the scan's exit code 1.
    func matches(_ conditions: [ScanFailOn]) -> Bool {
        if conditions.isEmpty { return false }
        if conditions.contains(.unreadable) && !errors.isEmpty { return true }
        let findings = certificates.lazy.flatMap(\.findings) + keys.lazy.flatMap(\.findings)
        return findings.contains { f in
            conditions.contains(.code(f.code)) || conditions.contains(.severity(f.severity))
        }
    }
}
