import Testing
@testable import MeshcertSupport

/// Columns line up on a terminal: cells are padded by the columns they take, not their bytes.
@Suite struct TextTableTests {
    @Test(arguments: [("plain.pem", 9), ("café.pem", 8), ("e\u{301}", 1), ("証明書.pem", 10), ("서비스", 6),
                      ("ＡＢ", 4), ("🔑key", 5), ("bad\u{FFFD}.pem", 8)] as [(String, Int)])
    func widthIsTerminalColumns(cell: String, columns: Int) {
        #expect(TextTable.width(cell) == columns)
    }

    @Test func rowsWithWideNamesLineUp() {
        var table = TextTable(header: ["PATH", "CODE"])
        table.add(["証明書.pem", "invalid"])
        table.add(["plain-file.pem", "ok"])
        let lines = table.render().split(separator: "\n").map(String.init)
        // The second column starts at the same terminal column on every line.
        let starts = lines.map { line -> Int in
            let cell = line.prefix { $0 != " " }
            return TextTable.width(String(cell)) + line.dropFirst(cell.count).prefix { $0 == " " }.count
        }
        #expect(Set(starts.filter { $0 > 0 }).count == 1, "\(lines)")
    }
}
