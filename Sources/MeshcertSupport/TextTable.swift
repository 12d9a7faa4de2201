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

    /// Terminal columns of a cell: printable ASCII is one per byte; otherwise one per Character,
    /// two for the East Asian wide and fullwidth ones and emoji (a CJK name or subject padded as
    /// one column per Character pushed the rest of its row right).
    static func width(_ cell: String) -> Int {
        var cell = cell
        let ascii = cell.withUTF8 { u in !u.contains(where: { $0 < 0x20 || $0 >= 0x7F }) }
        if ascii { return cell.utf8.count }
        return cell.reduce(0) { $0 + (isWide($1.unicodeScalars.first!.value) ? 2 : 1) }
    }

    /// The wide ranges of Unicode's East Asian Width (W, F) and the emoji blocks.
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
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
