import Foundation
@testable import MeshcertReport
import MeshcertSupport
import Testing

/// `meshcert report` draws its page from the document decoded from the encoded tree as written
/// (`JSON.asWritten`) instead of parsing report.json's text again: that document, and so the
/// page, must be exactly the one `--rerender` reads from the text.
@Suite struct ReportWrittenTests {
    /// The same tree: the same cases, integers and strings equal, numbers bit for bit.
    func identical(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern
        case (.string(let x), .string(let y)): return Array(x.utf8) == Array(y.utf8)
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy(identical)
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && identical($0.1, $1.1) }
        default: return false
        }
    }

    static let awkwardDoubles: [Double] = [
        0.1 + 0.2, 58.058000000001, 0.0005, 0.0015, 0.0004999, -0.0, 0, 1, 395, 1e15 - 0.5, 1e15, 1e15 + 0.5, 1e16, 1.5e17,
        9.2e18, -9.2e18, .nan, .infinity, -.infinity, 1e-7, 123.4565, 2.0 / 3.0, -2.0 / 3.0, .ulpOfOne,
        .leastNonzeroMagnitude, 7 * 0.058, 12.345, 9_007_199_254_740_993,
    ]  // (`render` cannot write a finite number past Int64.max: it stops the program)

    @Test func asWrittenIsWhatParsingTheRenderingGives() throws {
        // Plus 2,000 numbers with arbitrary digits (sin's) from 1e-12 to 1e17.
        let doubles = Self.awkwardDoubles + (0..<2000).map { k in sin(Double(k) * 7.3) * pow(10, Double(k % 30 - 12)) }
        let tree = JSON.object([
            ("schema", .string("x")), ("n", .int(42)), ("flag", .bool(true)), ("none", .null),
            ("doubles", .array(doubles.map(JSON.double))),
            ("nested", .array(doubles.prefix(40).map { .object([("a", .string("\"q\"\n")), ("v", .double($0)), ("i", .int(-7))]) })),
            ("plain", .array([.string("no numbers here"), .object([("k", .int(1))])])),
        ])
        for pretty in [true, false] {
            let back = try JSON.parse(tree.render(pretty: pretty))
            #expect(identical(back, tree.asWritten))
        }
        // A tree without fractions is itself.
        let plain = JSON.object([("a", .array([.int(1), .string("s"), .null]))])
        #expect(identical(plain.asWritten, plain))
    }

    /// Built documents (with the awkward numbers in every kind of cost field): the document
    /// read back from the tree is the one decoded from the text, and so is its page.
    @Test func theDocumentAsWrittenIsTheOneItsTextGivesBack() throws {
        let inputs = ReportBuilderTests().demoInputs()
        let previous = ReportBuilder.build(inputs)
        var docs = [previous, ReportBuilder.build(inputs, previous: previous, previousPath: "old"), ReportBuilder.build(ReportInputs(evaluatedAt: Fixtures.at))]
        for d in Self.awkwardDoubles where d.isFinite && abs(d) < 1e17 {
            var doc = previous
            doc.summary.cost.monthly?.generalPurposeUSD = d
            doc.summary.cost.monthly?.shortLivedUSD = -d
            doc.summary.cost.window?.totalUSD = d / 3
            doc.components.rotation?.cost.total = d
            doc.components.rotation?.cost.alternative.total = d * 7
            docs.append(doc)
        }
        for doc in docs {
            let written = try doc.written()
            #expect(written.text == (try doc.text()))
            let fromText = try JSONValueDecoder().decode(ReportDocument.self, from: Array(written.text.utf8))
            #expect(written.readBack == fromText)
            #expect(ReportHTML.render(written.readBack) == ReportHTML.render(fromText))
        }
    }

    /// The byte scans give the verdicts and texts of the Foundation checks they stand in for.
    @Test func asciiFastPathsAgreeWithTheFullChecks() {
        let parts = ["<svg", "<SVG", "<svg ", " ", "\t", "\u{0B}", "\u{0C}", "\r\n", "\n", "on", "ON", "onload", "load", "x", "=", " =",
                     "href", "HREF", "<script", "url(", "<rect/>", ">", "\"", "é", "K", "\u{212A}", "<", "foreignObject", "<image", "@import"]
        // Every text of up to two parts, and of three of the parts that matter most, with and without "<svg ".
        let hot = ["<svg ", " ", "\t", "\u{0B}", "on", "onload", "load", "=", "href", ">", "é", "\u{212A}", "K"]
        let texts = [""] + parts + parts.flatMap { a in parts.map { a + $0 } } + hot.flatMap { a in hot.flatMap { b in hot.map { a + b + $0 } } }
        var fastVerdicts = 0
        for text in texts {
            for svg in [text, "<svg " + text] {
                if HTMLText.asciiSafeSVG(svg) != nil { fastVerdicts += 1 }
                #expect(HTMLText.safeSVG(svg) == HTMLText.fullSafeSVG(svg), "\(svg.debugDescription)")
                for target in ["<svg ", ">", "on", "x="] {
                    #expect(svg.replacingFirst(target, with: "[\(target)]") == svg.foundationReplacingFirst(target, with: "[\(target)]"),
                            "\(svg.debugDescription) \(target)")
                }
            }
        }
        #expect(fastVerdicts > 1000)
        #expect(HTMLText.safeSVG("<svg>\n<rect onclick =\"x()\"/></svg>") == nil)
        #expect(HTMLText.safeSVG("<svg><text>on one line</text></svg>") != nil)
    }
}
