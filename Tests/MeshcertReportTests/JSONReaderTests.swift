import MeshcertReport
import MeshcertSupport
import Testing

@Suite struct JSONReaderTests {
    @Test func documentsReadBackRenderIdentically() throws {
        let doc = JSON.object([
            ("schema", .string("meshcert.report.v1")), ("n", .int(-42)), ("big", .int(1_796_688_000)), ("price", .double(0.058)),
            ("whole", .double(395.0)), ("none", .null), ("yes", .bool(true)), ("no", .bool(false)),
            ("text", .string("quote \" backslash \\ tab \t newline \n control \u{01} é 🔐 <script>")),
            ("list", .array([.int(1), .array([]), .object([])])), ("nested", .object([("a", .object([("b", .strings(["x", "y"]))]))])),
        ])
        for pretty in [true, false] {
            let text = doc.render(pretty: pretty)
            #expect(try JSONReader.parse(text).render(pretty: pretty) == text)
        }
    }

    @Test func escapesAndSurrogatePairsDecode() throws {
        let doc = try JSONReader.parse(#"{"s": "\u00e9\ud83d\udd10\/x", "d": 1e3}"#)
        #expect(doc["s"]?.stringValue == "é🔐/x")
        #expect(doc["d"] == .double(1000))
    }

    @Test func malformedDocumentsFailWithAnOffset() {
        for bad in ["", "{", "{\"a\" 1}", "[1,]", "{\"a\": tru}", "\"open", "{} x", "[01x]"] {
            #expect(throws: JSONReader.Failure.self, "\(bad)") { try JSONReader.parse(bad) }
        }
    }
}
