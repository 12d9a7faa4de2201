import MeshcertSupport
import Testing

@Suite struct JSONParserTests {
    @Test func scalarsKeepTheirTypes() throws {
        #expect(try JSON.parse(#"[true, 1, 0, -2, 1.5, 2e3, null, "x"]"#)
                == .array([.bool(true), .int(1), .int(0), .int(-2), .double(1.5), .double(2000), .null, .string("x")]))
    }

    @Test func escapesAndSurrogatePairs() throws {
        #expect(try JSON.parse(#""a\"b\\c\/d\n\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\né😀"))
        #expect(try JSON.parse(" {\"k\": {\"n\": []}} ") == .object([("k", .object([("n", .array([]))]))]))
        #expect(try JSON.parse([0xEF, 0xBB, 0xBF] + Array("{}".utf8)) == .object([]))
    }

    @Test func invalidJSONIsRejectedWithAnOffset() {
        for bad in ["", "{", #"{"a" 1}"#, "[1,]", "01", #""\x""#, "tru", "{} x", "\"a\nb\"", "1.", "\"open", "[01x]", "{\"a\": tru}"] {
            #expect(throws: JSONParser.Failure.self, "\(bad)") { try JSON.parse(bad) }
        }
        do { _ = try JSON.parse(#"{"a": [1, 2}"#) } catch { #expect(error.offset == 11) }
    }

    @Test func documentsReadBackRenderIdentically() throws {
        let doc = JSON.object([
            ("schema", .string("meshcert.report.v1")), ("n", .int(-42)), ("big", .int(1_796_688_000)), ("price", .double(0.058)),
            ("whole", .double(395.0)), ("none", .null), ("yes", .bool(true)), ("no", .bool(false)),
            ("text", .string("quote \" backslash \\ tab \t newline \n control \u{01} é 🔐 <script>")),
            ("list", .array([.int(1), .array([]), .object([])])), ("nested", .object([("a", .object([("b", .strings(["x", "y"]))]))])),
        ])
        for pretty in [true, false] {
            let text = doc.render(pretty: pretty)
            #expect(try JSON.parse(text).render(pretty: pretty) == text)
        }
    }
}

/// Typed documents go through `JSONValueEncoder`/`JSONValueDecoder`: field order, explicit nulls
/// and number kinds must survive, or the on-disk contract would change under a typed model.
@Suite struct JSONCodingTests {
    struct Inner: Codable, Equatable { var code: String; var count: Int }
    struct Doc: Codable, Equatable {
        var schema: String
        var when: String?
        var ratio: Double
        var whole: Double
        var flags: [Bool]
        var inner: Inner
        var list: [Inner]
        var maybe: Inner?
        var raw: JSON
        var sparse: [Int?]
    }

    let doc = Doc(schema: "meshcert.test.v1", when: nil, ratio: 0.058, whole: 395, flags: [true, false],
                  inner: Inner(code: "x", count: 2), list: [Inner(code: "a", count: -1)], maybe: nil,
                  raw: .object([("z", .int(1)), ("a", .null)]), sparse: [1, nil])

    @Test func encodesInDeclarationOrderWithExplicitNulls() throws {
        let json = try JSONValueEncoder().encode(doc)
        #expect(json.render(pretty: false) == #"{"schema":"meshcert.test.v1","when":null,"ratio":0.058,"whole":395.0,"flags":[true,false],"inner":{"code":"x","count":2},"list":[{"code":"a","count":-1}],"maybe":null,"raw":{"z":1,"a":null},"sparse":[1,null]}"#)
    }

    @Test func roundTripsThroughText() throws {
        let text = try JSONValueEncoder().encode(doc).render()
        let back = try JSONValueDecoder().decode(Doc.self, from: Array(text.utf8))
        #expect(back == doc)
        #expect(try JSONValueEncoder().encode(back).render() == text)
    }

    @Test func missingAndMistypedFieldsNameTheirPath() throws {
        var json = try JSONValueEncoder().encode(doc)
        guard case .object(var fields) = json else { Issue.record("not an object"); return }
        fields.removeAll { $0.0 == "when" }  // optional: absent is nil
        #expect(try JSONValueDecoder().decode(Doc.self, from: .object(fields)).when == nil)
        fields[fields.firstIndex { $0.0 == "list" }!].1 = .array([.object([("code", .string("a")), ("count", .string("1"))])])
        json = .object(fields)
        do {
            _ = try JSONValueDecoder().decode(Doc.self, from: json)
            Issue.record("a string where a count belongs decoded")
        } catch let e as DecodingError {
            #expect(e.fieldDescription == "list[0].count: expected an integer, found a string")
        }
        fields.removeAll { $0.0 == "inner" }
        do {
            _ = try JSONValueDecoder().decode(Doc.self, from: .object(fields))
            Issue.record("a missing required field decoded")
        } catch let e as DecodingError {
            #expect(e.fieldDescription.hasPrefix("inner: missing field"))
        }
    }
}

@Suite struct InstantTests {
    struct Doc: Codable, Equatable { var at: Instant; var until: Instant? }

    @Test func writesRFC3339AndReadsItBack() throws {
        let doc = Doc(at: Instant(Timestamp.epoch(year: 2026, month: 12, day: 1)), until: nil)
        let json = try JSONValueEncoder().encode(doc)
        #expect(json.render(pretty: false) == #"{"at":"2026-12-01T00:00:00Z","until":null}"#)
        #expect(try JSONValueDecoder().decode(Doc.self, from: json) == doc)
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Doc.self, from: .object([("at", .string("yesterday"))])) }
    }
}

@Suite struct JSONHugeNumberTests {
    /// Past 2^63 a whole double was printed through Int64 and stopped the program.
    @Test func wholeDoublesOfAnySizeRenderExactly() throws {
        #expect(JSON.double(1e19).render(pretty: false) == "10000000000000000000")
        #expect(JSON.double(-9.3e18).render(pretty: false) == "-9300000000000000000")
        #expect(JSON.double(9.2e18).render(pretty: false) == "9200000000000000000")
        let max = JSON.double(.greatestFiniteMagnitude).render(pretty: false)
        #expect(max.count == 309 && max.hasPrefix("17976931348623157") && max.hasSuffix("184124858368"))
        for d in [1e19, -9.3e18, 1.5e300, .greatestFiniteMagnitude] {
            #expect(try JSON.parse(JSON.double(d).render(pretty: false)) == .double(d), "\(d)")
        }
    }
}
