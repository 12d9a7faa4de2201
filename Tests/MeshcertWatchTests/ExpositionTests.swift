import MeshcertHandshake
@testable import MeshcertWatch
import Testing

/// Text exposition 0.0.4: HELP/TYPE once per family, escaping, and the contract's names.
@Suite struct ExpositionTests {
    @Test func labelValuesAreEscaped() {
        #expect(Exposition.escapeLabel(#"a\b"c"# + "\nd") == #"a\\b\"c\nd"#)
        var e = Exposition()
        e.family("m", .gauge, "help with \\ and\nnewline")
        e.sample("m", [("target", "x\"y")], 1.5)
        #expect(e.render() == "# HELP m help with \\\\ and\\nnewline\n# TYPE m gauge\nm{target=\"x\\\"y\"} 1.5\n")
    }

    @Test func everyFamilyHasHelpAndTypeOnceAndOnlySamplesOfItsOwn() {
        var s = WatchSnapshot()
        s.rotation = [RotationStatus(target: "a", certificateAge: 10, lastChange: 100, observedInterval: 3, changes: 2,
                                     shortLived: true, renewalOverdue: true, overdueAt: 50)]
        s.lastReloadSuccessful = true
        let page = WatchMetrics.render(s)
        var declared: [String] = []
        for line in page.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") { declared.append(String(line.split(separator: " ")[2])) }
            else if !line.hasPrefix("#") {
                let name = String(line.prefix { $0 != "{" && $0 != " " })
                #expect(declared.last == name, "sample \(line) outside its family")
            }
        }
        #expect(Set(declared).count == declared.count)
        #expect(page.contains("# TYPE meshcert_rotation_changes_total counter\nmeshcert_rotation_changes_total{target=\"a\"} 2\n"))
        #expect(page.contains("meshcert_rotation_renewal_overdue{target=\"a\"} 1\n"))
        #expect(page.contains("meshcert_rotation_observed_interval_seconds{target=\"a\"} 3\n"))
    }
}
