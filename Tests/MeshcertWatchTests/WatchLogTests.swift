import Foundation
import MeshcertWatch
import Testing

/// One line per event, text or JSON, values quoted so that a detail cannot forge a line.
@Suite struct WatchLogTests {
    final class Lines: @unchecked Sendable {
        let lock = NSLock()
        var lines: [String] = []
        func add(_ l: String) { lock.lock(); lines.append(l); lock.unlock() }
    }

    @Test func textQuotesValuesWithSpacesAndNewlines() {
        let out = Lines()
        let log = WatchLog(format: .text) { out.add($0) }
        log.event("target_down", at: 1796169600, [("target", "a b"), ("reason", "timeout"), ("detail", "x\ny=\"z\"")])
        #expect(out.lines == [#"2026-12-02T00:00:00Z target_down target="a b" reason=timeout detail="x\ny=\"z\"""#])
    }

    @Test func jsonIsOneObjectPerLine() throws {
        let out = Lines()
        let log = WatchLog(format: .json) { out.add($0) }
        log.event("certificate_changed", at: 1796169600, [("target", "t"), ("serial", "0a")])
        #expect(out.lines.count == 1 && !out.lines[0].contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.lines[0].utf8)) as? [String: String])
        #expect(object == ["time": "2026-12-02T00:00:00Z", "event": "certificate_changed", "target": "t", "serial": "0a"])
    }

    @Test func countsAreNumbersInJSONAndBareInText() throws {
        let json = Lines(), text = Lines()
        for (format, out) in [(WatchLog.Format.json, json), (.text, text)] {
            WatchLog(format: format) { out.add($0) }.event("config_reloaded", at: 1796169600,
                values: [("file", .text("w.yaml")), ("targets", .number(3)), ("scans", .number(0))])
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.lines[0].utf8)) as? [String: Any])
        #expect(object["targets"] as? Int == 3 && object["scans"] as? Int == 0 && object["file"] as? String == "w.yaml")
        #expect(json.lines[0].contains(#""targets":3"#))
        #expect(text.lines == ["2026-12-02T00:00:00Z config_reloaded file=w.yaml targets=3 scans=0"])
    }
}
