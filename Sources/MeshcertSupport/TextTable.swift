import Foundation

/// Plain-text tables for terminal output: columns padded to their widest cell.
public struct TextTable: Sendable {
    public var header: [String]
    public var rows: [[String]] = []

    public init(header: [String]) { self.header = header }

    public mutating func add(_ row: [String]) { rows.append(row) }

    public func render(indent: String = "") -> String {
        let all = [header] + rows
        let columns = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in all { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var lines: [String] = []
        for (n, row) in all.enumerated() {
            var line = indent
            for (i, cell) in row.enumerated() {
                let last = i == row.count - 1
                line += last ? cell : cell + String(repeating: " ", count: widths[i] - cell.count + 2)
            }
            lines.append(line)
            if n == 0 {
                lines.append(indent + widths.enumerated().map { i, w in
                    String(repeating: "-", count: w) + (i == widths.count - 1 ? "" : "  ")
                }.joined())
            }
        }
        return lines.joined(separator: "\n")
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
