import ArgumentParser

/// A comma-separated flag value (`--fail-on expired,weak_key`) parsed into typed items; blanks
/// between commas are ignored. `parse` names the first unknown item in its error.
enum CommaList {
    static func parse<T>(_ text: String, _ item: (String) throws -> T) throws -> [T] {
        try text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map(item)
    }
}
