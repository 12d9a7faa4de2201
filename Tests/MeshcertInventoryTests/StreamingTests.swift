import Foundation
import MeshcertSupport
import Synchronization
import Testing
@testable import MeshcertInventory

/// `scan --format json|csv|prometheus` streams its output a chunk at a time: the chunks put
/// together are exactly the text of the buffered output, and none grows much past a chunk.
@Suite struct StreamingTests {
    /// The chunks `write` hands to a streaming buffer of `chunk` bytes, `finish` included.
    static func chunks(chunk: Int, _ write: (inout OutputBuffer) -> Void) -> [[UInt8]] {
        let collected = Mutex<[[UInt8]]>([])
        var out = OutputBuffer(streamingTo: { bytes in collected.withLock { $0.append(bytes) } }, chunk: chunk)
        write(&out)
        out.finish()
        #expect(out.bytes.isEmpty)
        return collected.withLock { $0 }
    }

    @Test(arguments: [ScanFormat.json, .csv, .prometheus])
    func chunksPutTogetherAreTheBufferedText(format: ScanFormat) {
        let inv = Fixtures.corpus
        func render(_ out: inout OutputBuffer) {
            switch format {
            case .json: ScanDocument(inv).write(into: &out)
            case .csv: InventoryCSV.write(inv, into: &out)
            case .prometheus: InventoryPrometheus.write(inv, into: &out)
            case .table: InventoryTable.write(inv, colour: false, into: &out)
            }
        }
        var whole = OutputBuffer()
        render(&whole)
        // The largest item between two spills: a certificate's JSON (or, at most, all the rest
        // of the document), a CSV row, a series line.
        let largest: Int
        if format == .json {
            let entries = ScanDocument(inv).certificates.map { c -> Int in
                var o = OutputBuffer()
                c.write(into: &o, indent: 4)
                return o.count
            }
            largest = max(entries.max() ?? 0, whole.count - entries.reduce(0, +))
        } else {
            largest = whole.bytes.split(separator: 10).map(\.count).max() ?? 0
        }
        let chunk = 2048
        let pieces = Self.chunks(chunk: chunk, render)
        #expect(pieces.joined().elementsEqual(whole.bytes))
        #expect(pieces.count >= whole.count / (chunk + largest + 16), "streamed in \(pieces.count) pieces of \(whole.count) bytes")
        #expect(pieces.count > 2)
        // Spilled between items: a piece is a chunk plus at most one item, never the rest of
        // the output.
        #expect(pieces.allSatisfy { $0.count < chunk + largest + 16 }, "largest piece \(pieces.map(\.count).max() ?? 0), item \(largest)")
        #expect(pieces.allSatisfy { !$0.isEmpty })
    }

    @Test func scanCommandStreamsTheSameBytesItWouldReturn() throws {
        for format in ScanFormat.allCases {
            let kept = try ScanCommand.run(paths: [Fixtures.root], options: Fixtures.options(), format: format, failOn: [],
                                           colour: false)
            let collected = Mutex<[UInt8]>([])
            let streamed = try ScanCommand.run(paths: [Fixtures.root], options: Fixtures.options(), format: format, failOn: [],
                                               colour: false, output: { bytes in collected.withLock { $0 += bytes } })
            #expect(!kept.output.isEmpty)
            #expect(streamed.output.isEmpty, "\(format): handed to the sink, not kept")
            #expect(collected.withLock { $0 } == kept.output, "\(format)")
            #expect(streamed.status == kept.status && streamed.unreadable == kept.unreadable)
        }
    }
}
