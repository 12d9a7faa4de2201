#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
public enum Terminal {
    public static var stdoutIsTTY: Bool { isatty(1) == 1 }

    public static var useColour: Bool {
        stdoutIsTTY && getenv("NO_COLOR") == nil
    }

    public enum Colour: String, Sendable {
        case red = "31", yellow = "33", green = "32", dim = "2", bold = "1"
    }

    public static func paint(_ text: String, _ colour: Colour, enabled: Bool) -> String {
        enabled ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// Writes to standard error (diagnostics never go to stdout, which carries the result).
    public static func warn(_ message: String) {
        var line = message
        if !line.hasSuffix("\n") { line += "\n" }
        var bytes = Array(line.utf8)
        _ = write(2, &bytes, bytes.count)
    }
}
