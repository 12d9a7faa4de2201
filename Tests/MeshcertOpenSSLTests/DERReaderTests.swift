import Testing
import MeshcertOpenSSL

/// The one DER walker: `header(at:)` reads what a header declares (a cut file is still
/// recognised), `node(at:)` only what fits; both refuse headers that are themselves cut.
@Suite struct DERReaderTests {
    @Test func headerReportsADeclaredLengthThatRunsPastTheEnd() {
        // SEQUENCE declaring 0x0100 bytes, two present.
        let cut: [UInt8] = [0x30, 0x82, 0x01, 0x00, 0x02, 0x01]
        DERReader.reading(cut) { r in
            let h = r.header(at: 0)
            #expect(h?.tag == 0x30 && h?.headerLength == 4 && h?.length == 256 && h?.total == 260)
            #expect(r.node(at: 0) == nil)
            #expect(r.node(at: 4) == nil, "INTEGER of length 1 with no content byte")
        }
    }

    @Test func nodesAndChildrenOfACompleteStructure() throws {
        // SEQUENCE { INTEGER 5, OCTET STRING "ab" }
        let der: [UInt8] = [0x30, 0x07, 0x02, 0x01, 0x05, 0x04, 0x02, 0x61, 0x62]
        try DERReader.reading(der) { r in
            let outer = try #require(r.node(at: 0))
            #expect(outer.content == 2..<9 && outer.end == der.count)
            let children = try #require(r.children(of: outer))
            #expect(children.map(\.tag) == [0x02, 0x04])
            #expect(r.slice(children[1].content) == Array("ab".utf8))
            #expect(r.equal(children[0].content, [0x05]))
            #expect(r.hasBytes([0x04, 0x02], at: 5))
            #expect(!r.hasBytes([0x62, 0x00], at: 8), "runs past the end")
            #expect(r.node(at: 0, limit: 8) == nil, "does not fit the limit")
        }
    }

    @Test func malformedHeadersAreRefused() {
        DERReader.reading([0x30]) { #expect($0.header(at: 0) == nil) }                        // no length byte
        DERReader.reading([0x30, 0x80, 0x00, 0x00]) { #expect($0.header(at: 0) == nil) }    // indefinite length
        DERReader.reading([0x30, 0x85, 1, 0, 0, 0, 0]) { #expect($0.header(at: 0) == nil) } // 5 length bytes
        DERReader.reading([0x30, 0x82, 0x01]) { #expect($0.header(at: 0) == nil) }          // cut length
        // A multi-byte tag: its header is readable (format detection skips it), never a node.
        DERReader.reading([0x1F, 0x00]) { r in
            #expect(r.header(at: 0)?.tag == 0x1F)
            #expect(r.node(at: 0) == nil)
        }
        // One malformed child spoils the list.
        DERReader.reading([0x30, 0x04, 0x02, 0x01, 0x05, 0x02]) { r in
            #expect(r.node(at: 0).flatMap { r.children(of: $0) } == nil)
        }
    }
}
