import Foundation

/// Plain-text tables for terminal output: columns padded to their widest cell.
public struct TextTable: Sendable {
    public var header: [String]
    public var rows: [[String]] = []

    public init(header: [String]) { self.header = header }

    public mutating func add(_ row: [String]) { rows.append(row) }

    public func render(indent: String = "") -> String {
        var out = OutputBuffer()
        write(into: &out, indent: indent)
        return out.string
    }

    /// Appends the rendering (lines joined by `\n`, no final line break) to `out`.
    public func write(into out: inout OutputBuffer, indent: String = "") {
        let columns = max(header.count, rows.map(\.count).max() ?? 0)
        var widths = [Int](repeating: 0, count: columns)
        func measure(_ row: [String]) { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], Self.width(cell)) } }
        measure(header)
        for row in rows { measure(row) }
        func line(_ row: [String]) {
            out.text(indent)
            for (i, cell) in row.enumerated() {
                out.text(cell)
                if i < row.count - 1 { out.repeated(32, widths[i] - Self.width(cell) + 2) }
            }
        }
        line(header)
        out.byte(10)
        out.text(indent)
        for (i, w) in widths.enumerated() {
            out.repeated(UInt8(ascii: "-"), w)
            if i < widths.count - 1 { out.text("  ") }
        }
        for row in rows {
            out.byte(10)
            line(row)
        }
    }

    /// Characters of a cell, as `String.count` counts them: printable ASCII is one per byte.
    private static func width(_ cell: String) -> Int {
        var cell = cell
        let ascii = cell.withUTF8 { u in !u.contains(where: { $0 < 0x20 || $0 >= 0x7F }) }
        return ascii ? cell.utf8.count : cell.count
    }
}

/// RFC 4180 CSV: fields quoted when they hold a comma, quote or line break.
public enum CSV {
    public static func field(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",")
    }
}
