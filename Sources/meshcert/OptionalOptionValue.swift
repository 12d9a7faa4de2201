/// Two things ArgumentParser cannot express, rewritten before it parses:
/// - options whose value may be left out (`--http-probe [PATH]`): a bare `--http-probe` (last,
///   or followed by anything that is not a path) becomes `--http-probe=/`, its default;
/// - negative numbers as values: `--jobs -3` read as a missing value followed by an unknown
///   option `-3`; it becomes `--jobs=-3`, so the option's own check names what is wrong.
enum OptionalOptionValue {
    static let defaults = ["--http-probe": "/"]

    static func normalised(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            if argument == "--" { out += arguments[i...]; break }
            if let value = defaults[argument], !(i + 1 < arguments.count && arguments[i + 1].hasPrefix("/")) {
                out.append("\(argument)=\(value)")
            } else if argument.hasPrefix("--"), !argument.contains("="), i + 1 < arguments.count,
                      isNegativeNumber(arguments[i + 1]) {
                out.append("\(argument)=\(arguments[i + 1])")
                i += 2
                continue
            } else {
                out.append(argument)
            }
            i += 1
        }
        return out
    }

    /// `-3`, `-0.5`, `-1s`: a minus sign and a digit (no meshcert option is spelt like that).
    static func isNegativeNumber(_ token: String) -> Bool {
        let u = token.utf8
        guard u.count >= 2, u.first == UInt8(ascii: "-") else { return false }
        let second = u[u.index(after: u.startIndex)]
        return second >= UInt8(ascii: "0") && second <= UInt8(ascii: "9")
    }
}
