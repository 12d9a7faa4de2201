import Foundation
import MeshcertOpenSSL
import MeshcertSupport
@testable import MeshcertWatch
import Testing

/// The watch config: the contract's shape, defaults, relative paths, and every refusal naming
/// the file, the field and the reason.
@Suite struct ConfigReaderTests {
    /// A folder with a plan and a trust file, as a user would lay them out.
    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("watch-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/certs", withIntermediateDirectories: true)
        let root = MeshcertRepo.root + "/Certs/short-lived/short-lived-ca.pem"
        try FileManager.default.copyItem(atPath: root, toPath: dir + "/root.pem")
        try "checks:\n  - name: users\n    connect: 127.0.0.1:1\n    trust: root.pem\n    timeout: 750ms\n  - name: stock\n    connect: 127.0.0.1:2\n    trust: root.pem\n"
            .write(toFile: dir + "/plan.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    func parse(_ text: String, in dir: String) throws -> WatchConfig {
        try WatchConfigReader.parse(text, source: dir + "/watch.yaml", baseDirectory: dir)
    }

    func refusal(_ text: String, in dir: String) -> Diagnostic? {
        do { _ = try parse(text, in: dir); return nil } catch { return error as? Diagnostic }
    }

    @Test func fullConfigWithDefaultsAndRelativePaths() throws {
        let dir = try Self.folder()
        let config = try parse("""
            listen: 127.0.0.1:9300
            state: watch.db
            scan:
              - paths: [certs]
                interval: 5m
                trust: [root.pem]
                warnDays: 10
            handshake:
              plan: plan.yaml
              interval: 30s
              timeout: 5s
            rotation:
              lifetime: 7d
              renewAt: 5d
              tolerance: 1h
            """, in: dir)
        #expect(config.listen == "127.0.0.1:9300")
        #expect(config.state == dir + "/watch.db")
        #expect(config.scans.count == 1)
        #expect(config.scans[0].name == "scan-1")
        #expect(config.scans[0].paths == [dir + "/certs"])
        #expect(config.scans[0].trust == [dir + "/root.pem"])
        #expect(config.scans[0].interval == 300)
        #expect(config.scans[0].warnDays == 10)
        #expect(config.scans[0].rotation)  // files are rotation subjects unless `rotation: false`
        let hs = try #require(config.handshake)
        #expect(hs.interval == 30)
        #expect(hs.checks.map(\.name) == ["users", "stock"])
        // The config's timeout is the default; a plan check's own timeout wins.
        #expect(hs.checks[0].timeouts.connect == 0.75)
        #expect(hs.checks[1].timeouts.connect == 5)
        #expect(hs.checks[1].client.trustFile == dir + "/root.pem")
        #expect(config.rotation == WatchConfig.RotationExpectation(lifetime: 604800, renewAt: 432000, tolerance: 3600))
    }

    @Test func defaults() throws {
        let dir = try Self.folder()
        let config = try parse("handshake:\n  plan: plan.yaml\n", in: dir)
        #expect(config.listen == nil && config.state == nil && config.scans.isEmpty)
        #expect(config.handshake?.interval == 30)
        #expect(config.handshake?.timeout == 5)
        #expect(config.handshake?.jobs == 8)
        #expect(config.handshake?.perHost == 4)
        #expect(config.rotation == WatchConfig.RotationExpectation())
    }

    @Test(arguments: [
        ("handshake:\n  plan: plan.yaml\n  intervall: 5s\n", "handshake.intervall", "unknown_field", 3),
        ("scan:\n  - paths: [certs]\n    interval: soon\n", "scan[0].interval", "invalid_duration", 3),
        ("handshake:\n  plan: plan.yaml\nrotation:\n  lifetime: 7x\n", "rotation.lifetime", "invalid_duration", 4),
        ("handshake:\n  plan: plan.yaml\nrotation:\n  renewAt: 8d\n", "rotation.renewAt", "invalid_value", 4),
        ("scan:\n  - paths: [nowhere]\n", "scan[0].paths[0]", "missing_file", 2),
        ("handshake:\n  plan: missing-plan.yaml\n", "handshake.plan", "missing_file", 2),
        ("scan:\n  - paths: [certs]\n    trust: [nope.pem]\n", "scan[0].trust[0]", "missing_file", 3),
        ("listen: nowhere\nhandshake:\n  plan: plan.yaml\n", "listen", "invalid_value", 1),
        ("extra: 1\n", "extra", "unknown_field", 1),
        ("state: x.db\n", "", "missing_field", 1),
        ("handshake:\n  plan: plan.yaml\n  jobs: 0\n", "handshake.jobs", "invalid_value", 3),
        ("handshake:\n  plan: plan.yaml\n  verifyProfile: paranoid\n", "handshake.verifyProfile", "invalid_value", 3),
        ("scan:\n  - paths: [certs]\n    pedantic: sometimes\n", "scan[0].pedantic", "wrong_type", 3),
        ("scan:\n  - paths: [certs]\n    rotation: yes please\n", "scan[0].rotation", "wrong_type", 3),
        ("scan:\n  - paths: [certs]\n    maxDepth: -1\n", "scan[0].maxDepth", "invalid_value", 3),
        ("handshake:\n  plan: plan.yaml\n  crl: [none.crl]\n", "handshake.crl[0]", "missing_file", 3),
        ("handshake:\n  plan: plan.yaml\n  crl: [root.pem]\n", "handshake.crl", "invalid_value", 3),
    ])
    func refusals(text: String, field: String, code: String, line: Int) throws {
        let dir = try Self.folder()
        let d = try #require(refusal(text, in: dir), "accepted: \(text)")
        #expect(d.file == dir + "/watch.yaml")
        #expect(d.field == field)
        #expect(d.code == code)
        #expect(d.line == line)
        #expect(d.description.hasPrefix(dir + "/watch.yaml:\(line): error: "))
    }

    /// The verification policy's keys mean what the command-line options mean, in both sections;
    /// every check of the plan gets the handshake section's policy.
    @Test func verificationPolicyKeys() throws {
        let dir = try Self.folder()
        let crl = MeshcertRepo.root + "/Tests/Fixtures/crl/root-ca.crl"
        let config = try parse("""
            scan:
              - paths: [certs]
                trust: [root.pem]
                verifyProfile: strict
                maxDepth: 2
            handshake:
              plan: plan.yaml
              verifyProfile: strict
              partialChain: true
              pedantic: true
              crl: [\(crl)]
            """, in: dir)
        #expect(config.scans[0].policy == VerificationPolicy(profile: .strict, maxDepth: 2))
        let expected = VerificationPolicy(profile: .strict, partialChain: true, crlFiles: [crl], pedantic: true)
        #expect(config.handshake?.policy == expected)
        #expect(config.handshake?.checks.map(\.client.policy) == [expected, expected])
        // Absent keys: the compatible profile, as on the command line.
        let plain = try parse("handshake:\n  plan: plan.yaml\n", in: dir)
        #expect(plain.handshake?.checks.allSatisfy { $0.client.policy == VerificationPolicy() } == true)
    }

    /// The fuzz target's seed (Scripts/fuzz.sh FuzzWatchConfig reads against docs/examples) is a
    /// config every key of which is accepted, so the fuzzer starts from the deepest checks.
    @Test func fuzzSeedUsesEveryKey() throws {
        let text = try String(contentsOfFile: MeshcertRepo.root + "/Tests/Fixtures/fuzz/watch-config/full.yaml", encoding: .utf8)
        let config = try WatchConfigReader.parse(text, source: "full.yaml", baseDirectory: MeshcertRepo.root + "/docs/examples", at: 0)
        #expect(config.scans.first?.policy.profile == .strict)
        #expect(config.scans.first?.rotation == false)
        #expect(config.handshake?.checks.map(\.name) == ["users"])
        #expect(config.handshake?.policy.crlFiles.count == 1)
        #expect(config.rotation.tolerance == 0)
        let used = Set(text.split(separator: "\n").compactMap { line -> String? in
            let key = line.drop { $0 == " " || $0 == "-" }.prefix { $0 != ":" }
            return key.isEmpty ? nil : String(key)
        })
        let known = Set(WatchConfigReader.topKeys + WatchConfigReader.scanKeys + WatchConfigReader.handshakeKeys + WatchConfigReader.rotationKeys)
        #expect(known.subtracting(used).isEmpty, "keys the seed misses: \(known.subtracting(used).sorted())")
    }

    /// `file:` names are scanned files' rotation targets: a plan check may not take one.
    @Test func fileTargetNamesAreReserved() throws {
        let dir = try Self.folder()
        try "checks:\n  - name: file:/etc/envoy/certs/tls.crt\n    connect: 127.0.0.1:1\n    trust: root.pem\n"
            .write(toFile: dir + "/taken.yaml", atomically: true, encoding: .utf8)
        let d = try #require(refusal("handshake:\n  plan: taken.yaml\n", in: dir))
        #expect(d.field == "handshake.plan" && d.code == "invalid_value")
        #expect(d.message.contains("'file:/etc/envoy/certs/tls.crt'"))
    }

    @Test func planProblemsNameThePlanFile() throws {
        let dir = try Self.folder()
        try "checks:\n  - name: x\n    connect: nowhere\n    trust: root.pem\n".write(toFile: dir + "/bad-plan.yaml", atomically: true, encoding: .utf8)
        let d = try #require(refusal("handshake:\n  plan: bad-plan.yaml\n", in: dir))
        #expect(d.file == dir + "/bad-plan.yaml")
        #expect(d.field == "checks[0].connect")
    }

    @Test func pathsReadAsWritten() {
        #expect(WatchConfigReader.lexical("Certs/watch/../short-lived") == "Certs/short-lived")
        #expect(WatchConfigReader.lexical("./a//b/./c") == "a/b/c")
        #expect(WatchConfigReader.lexical("../x") == "../x")
        #expect(WatchConfigReader.lexical("/../etc") == "/etc")
    }

    @Test func missingConfigFile() {
        #expect(throws: Diagnostic.self) { try WatchConfigReader.load(path: "/nonexistent/watch.yaml") }
    }
}

enum MeshcertRepo {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
}
