/// Options whose value may be left out (`--http-probe [PATH]`), which ArgumentParser cannot
/// express: a bare `--http-probe` (last, or followed by anything that is not a path) becomes
/// `--http-probe=/`, its default.
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
            } else {
                out.append(argument)
            }
            i += 1
        }
        return out
    }
}
