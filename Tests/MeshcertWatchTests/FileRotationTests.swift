import Foundation
import MeshcertOpenSSL
import MeshcertSupport
@testable import MeshcertWatch
import Testing

/// Which scanned files are rotation subjects, and what the watcher does with them: real files
/// issued by the lab's CA code, a real SQLite history, the watcher's own scan (no mocks).
@Suite struct FileRotationTests {
    static let t0: Int64 = 1_796_083_200  // 2026-12-01T00:00:00Z
    static let day: Int64 = 86400

    /// A CA and a folder to write into.
    struct Folder {
        let dir: String
        let ca: CertificateAuthority
        var lines: [String] { log.lines }
        let log = Lines()

        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("watch-files-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: dir + "/certs", withIntermediateDirectories: true)
            ca = try CertificateAuthority(selfSignedCommonName: "Watch Files CA", organizationalUnit: "test",
                                          notBefore: FileRotationTests.t0 - 30 * FileRotationTests.day,
                                          notAfter: FileRotationTests.t0 + 3650 * FileRotationTests.day)
        }

        /// A 7-day leaf from `notBefore`; its PEM and SHA-256.
        func leaf(_ notBefore: Int64) throws -> (pem: String, key: String, sha256: String) {
            let issued = try ca.issue(IssuanceRequest(commonName: "users.sc.internal", dnsNames: ["users.sc.internal"],
                                                      notBefore: notBefore, notAfter: notBefore + 7 * FileRotationTests.day))
            return (issued.certificatePEM, issued.keyPEM, try FileRotationTests.sha256(issued.certificatePEM))
        }

        func write(_ text: String, _ name: String) throws {
            let path = dir + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }

        func watcher(_ yaml: String, at: Int64) throws -> Watcher {
            let config = try WatchConfigReader.parse(yaml, source: dir + "/watch.yaml", baseDirectory: dir)
            let store = try StateStore(path: dir + "/state.db")
            let log = self.log
            return Watcher(config: config, store: store, log: WatchLog(format: .text) { log.append($0) }, now: { at })
        }
    }

    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        var lines: [String] { lock.lock(); defer { lock.unlock() }; return stored }
        func append(_ line: String) { lock.lock(); stored.append(line); lock.unlock() }
    }

    static func sha256(_ pem: String) throws -> String {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let der = try #require(Data(base64Encoded: body))
        return Digest.sha256Hex([UInt8](der))
    }

    static let scanAll = "scan:\n  - paths: [certs]\n    interval: 1m\n"

    /// The first end-entity certificate of each file is its subject, wherever it sits in the file;
    /// bundles of CAs and key files are none; a Kubernetes secret mount is tracked by its stable
    /// symlinked names, not by the timestamped folder each update writes.
    @Test func subjectsAreEachFilesLeaf() throws {
        let f = try Folder()
        let leaf = try f.leaf(Self.t0), other = try f.leaf(Self.t0 + 3600)
        try f.write(leaf.pem + f.ca.certificatePEM, "certs/chain.pem")
        try f.write(f.ca.certificatePEM + other.pem + leaf.pem, "certs/reversed.pem")
        try f.write(f.ca.certificatePEM, "certs/bundle.pem")
        try f.write(leaf.key, "certs/tls.key")
        try f.write(other.pem, "certs/k8s/..2026_12_01_00_00_00.1/tls.crt")
        try FileManager.default.createSymbolicLink(atPath: f.dir + "/certs/k8s/..data", withDestinationPath: "..2026_12_01_00_00_00.1")
        try FileManager.default.createSymbolicLink(atPath: f.dir + "/certs/k8s/tls.crt", withDestinationPath: "..data/tls.crt")

        let watcher = try f.watcher(Self.scanAll, at: Self.t0 + 7200)
        let (page, failed) = watcher.runOnce()
        #expect(!failed)
        let files = watcher.snapshot(target: nil).scans.flatMap(\.files)
        #expect(files.map(\.target) == ["chain.pem", "k8s/tls.crt", "reversed.pem"].map { "file:" + f.dir + "/certs/" + $0 })
        #expect(files.map(\.certificate.sha256) == [leaf.sha256, other.sha256, other.sha256])
        let rotationTargets = Set(page.split(separator: "\n").filter { $0.hasPrefix("meshcert_rotation_") }
            .compactMap { $0.split(separator: "\"").dropFirst().first.map(String.init) })
        #expect(rotationTargets == Set(files.map(\.target)))  // no bundle.pem, tls.key, ..2026_*/tls.crt
        #expect(page.contains(#"meshcert_rotation_certificate_age_seconds{target="file:\#(f.dir)/certs/chain.pem"} 7200"#))
        #expect(f.lines.isEmpty, "\(f.lines)")  // first sight: nothing changed
    }

    /// `rotation: false` leaves an entry's files out of rotation (its x509_cert_* series stay).
    @Test func rotationFalseTracksNothing() throws {
        let f = try Folder()
        try f.write(try f.leaf(Self.t0).pem, "certs/tls.crt")
        let watcher = try f.watcher(Self.scanAll + "    rotation: false\n", at: Self.t0 + 6 * Self.day)
        let (page, failed) = watcher.runOnce()
        #expect(!failed)  // the same file would be overdue were it tracked
        #expect(!page.contains("meshcert_rotation_"))
        #expect(page.contains("x509_cert_not_after{"))
        #expect(try StateStore(path: f.dir + "/state.db").history().isEmpty)
    }

    /// A renewal between two scans: one change, the log line an endpoint's would be; the renewed
    /// file stalls into overdue; a vanished file leaves the page and stays in the history; two
    /// entries scanning one file give it one series.
    @Test func renewalStallAndVanishing() throws {
        let f = try Folder()
        let first = try f.leaf(Self.t0), second = try f.leaf(Self.t0 + 5 * Self.day)
        try f.write(first.pem, "certs/tls.crt")
        let yaml = Self.scanAll + "  - name: again\n    paths: [certs/tls.crt]\n"
        let target = "file:" + f.dir + "/certs/tls.crt"
        _ = try f.watcher(yaml, at: Self.t0 + 60).runOnce()

        try f.write(second.pem, "certs/tls.crt")
        let renewedAt = Self.t0 + 5 * Self.day + 60
        let watcher = try f.watcher(yaml, at: renewedAt)
        let (page, failed) = watcher.runOnce()
        #expect(!failed)
        let status = try #require(watcher.snapshot(target: nil).rotation.first { $0.target == target })
        #expect(status.changes == 1 && status.observedInterval == 5 * Self.day && status.lastChange == renewedAt)
        #expect(page.components(separatedBy: "meshcert_rotation_changes_total{target=\"\(target)\"} 1").count == 2)  // once
        let serial = try #require(watcher.snapshot(target: nil).scans.first?.files.first?.certificate.serial)
        #expect(f.lines == ["2026-12-06T00:01:00Z certificate_changed target=\(target) serial=\(serial) sha256=\(second.sha256) not_after=2026-12-13T00:00:00Z"])

        let stalled = try f.watcher(yaml, at: Self.t0 + 10 * Self.day + 3600)
        let late = stalled.runOnce()
        #expect(late.failed)
        #expect(late.page.contains("meshcert_rotation_renewal_overdue{target=\"\(target)\"} 1"))
        #expect(f.lines.last?.hasPrefix("2026-12-11T01:00:00Z renewal_overdue target=\(target) serial=") == true, "\(f.lines)")

        try FileManager.default.removeItem(atPath: f.dir + "/certs/tls.crt")
        try f.write(f.ca.certificatePEM, "certs/ca.pem")  // the folder stays scannable
        let gone = try f.watcher(Self.scanAll, at: Self.t0 + 11 * Self.day).runOnce()
        #expect(!gone.failed)
        #expect(!gone.page.contains(target))
        let history = try #require(try StateStore(path: f.dir + "/state.db").history(target: target).first)
        #expect(history.certificates.map(\.sha256) == [first.sha256, second.sha256] && history.changes == 1)
    }

    /// A failed scan (its path vanished) keeps the subjects of its other paths only.
    @Test func subjectsOutsideVanishedPaths() {
        let c = SeenCertificate(serial: "1", sha256: "a", notBefore: nil, notAfter: nil)
        let subjects = ["/e/certs/a.pem", "/e/certs2/b.pem", "/e/other/c.pem"].map { FileSubject(path: $0, certificate: c) }
        #expect(FileSubject.outside(["/e/certs"], subjects).map(\.path) == ["/e/certs2/b.pem", "/e/other/c.pem"])
        #expect(FileSubject.isAtomicWriterCopy("/s/..2026_1/tls.crt", scannedPaths: ["/s"]))
        #expect(!FileSubject.isAtomicWriterCopy("/s/..2026_1/tls.crt", scannedPaths: ["/s/..2026_1/tls.crt"]))
        #expect(!FileSubject.isAtomicWriterCopy("../certs/tls.crt", scannedPaths: ["../certs"]))
    }
}
