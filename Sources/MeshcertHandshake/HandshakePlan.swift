import Foundation
import MeshcertOpenSSL
import MeshcertSupport

/// A plan file: named checks a team runs after every migration step (see docs/handshake.md, "Plans").
public enum HandshakePlan {
    /// A plan that cannot be used: meshcert's one diagnostic type (file, line, field, message).
    public typealias Error = Diagnostic

    static let checkKeys: Set<String> = ["name", "client", "server", "connect", "serverName", "trust", "clientCertificate",
                                         "minTLS", "maxTLS", "expect", "timeout", "httpProbe"]

    public static func load(path: String, timeouts: HandshakeTimeouts, at: EpochSeconds?) throws -> [HandshakeCheck] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(file: path, code: "unreadable", message: "cannot read the plan file")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: path, baseDirectory: (path as NSString).deletingLastPathComponent,
                         timeouts: timeouts, at: at)
    }

    public static func parse(_ text: String, source: String, baseDirectory: String, timeouts: HandshakeTimeouts,
                             at: EpochSeconds?) throws -> [HandshakeCheck] {
        func fail(_ node: YAMLNode?, _ field: String, _ code: String, _ message: String) -> Diagnostic {
            Diagnostic(file: source, line: node?.line, column: node?.column, field: field, code: code, message: message)
        }
        let root = try YAML.document(text, file: source)
        if let key = root?.firstComplexKey { throw fail(key, "", "not_yaml", "mapping keys must be plain text") }
        guard let root, let top = root.fields, let listNode = top["checks"], let list = listNode.items else {
            throw fail(root, "", "wrong_type", "expected a top-level 'checks:' list")
        }
        if list.isEmpty { throw fail(listNode, "checks", "invalid_value", "'checks' is empty") }
        if let unknown = root.pairs?.first(where: { $0.key.text != "checks" }) {
            throw fail(unknown.key, "", "unknown_field", "unknown top-level key '\(unknown.key.text ?? "")' (a plan holds 'checks:' only)")
        }
        var names = Set<String>()
        return try list.enumerated().map { index, item in
            let here = "checks[\(index)]"
            guard let entry = item.fields else { throw fail(item, here, "wrong_type", "expected a mapping") }
            if let unknown = item.pairs?.first(where: { !checkKeys.contains($0.key.text ?? "") }) {
                throw fail(unknown.key, here, "unknown_field",
                           "unknown key '\(unknown.key.text ?? "")' (known: \(checkKeys.sorted().joined(separator: ", ")))")
            }
            func string(_ key: String) throws -> String? {
                guard let v = entry[key], v.value != .null else { return nil }
                guard let s = v.text else { throw fail(v, here + "." + key, "wrong_type", "'\(key)' must be a string") }
                return s
            }
            let name = try string("name") ?? "check-\(index + 1)"
            guard names.insert(name).inserted else { throw fail(entry["name"], here + ".name", "invalid_value", "duplicate name '\(name)'") }
            guard let connect = try string("connect") else { throw fail(item, here, "missing_field", "missing 'connect: HOST:PORT'") }
            guard let target = Target(parsing: connect) else {
                throw fail(entry["connect"], here + ".connect", "invalid_value", "connect '\(connect)' is not HOST:PORT")
            }
            guard let trustText = try string("trust") else { throw fail(item, here, "missing_field", "missing 'trust: FILE'") }
            func file(_ path: String, _ node: YAMLNode?, _ field: String) throws -> String {
                guard let found = resolve(path, baseDirectory) else { throw fail(node, field, "unreadable", "cannot read '\(path)'") }
                return found
            }
            let trust = try file(trustText, entry["trust"], here + ".trust")
            var certFile: String?, keyFile: String?
            if let cc = entry["clientCertificate"] {
                guard let m = cc.fields, let c = m["cert"]?.text, let k = m["key"]?.text else {
                    throw fail(cc, here + ".clientCertificate", "wrong_type", "clientCertificate must be {cert: FILE, key: FILE}")
                }
                certFile = try file(c, m["cert"], here + ".clientCertificate.cert")
                keyFile = try file(k, m["key"], here + ".clientCertificate.key")
            }
            func version(_ key: String) throws -> TLSVersion? {
                guard let text = try string(key) else { return nil }
                guard let v = TLSVersion(rawValue: text) else {
                    throw fail(entry[key], here + "." + key, "invalid_value", "\(key) must be \"1.2\" or \"1.3\"")
                }
                return v
            }
            var expect = HandshakeReason.ok
            if let e = try string("expect") {
                guard let r = HandshakeReason(rawValue: e) else {
                    throw fail(entry["expect"], here + ".expect", "invalid_value", "expect '\(e)' is not a reason code (\(HandshakeReason.allCodes))")
                }
                expect = r
            }
            var checkTimeouts = timeouts
            if let t = try string("timeout") {
                guard let s = TimeoutText.seconds(t) else {
                    throw fail(entry["timeout"], here + ".timeout", "invalid_value", "timeout '\(t)' is not a positive duration (5s, 1500ms)")
                }
                checkTimeouts.connect = s
                checkTimeouts.handshake = s
            }
            let httpProbe = try string("httpProbe")
            if let path = httpProbe, let problem = HTTPProbe.pathProblem(path) {
                throw fail(entry["httpProbe"], here + ".httpProbe", "invalid_value", "httpProbe: " + problem)
            }
            let serverName = try string("serverName")
            if let name = serverName, let problem = Target.serverNameProblem(name) {
                throw fail(entry["serverName"], here + ".serverName", "invalid_value", problem)
            }
            let minVersion = try version("minTLS"), maxVersion = try version("maxTLS")
            if let problem = TLSVersion.rangeProblem(min: minVersion, max: maxVersion, minName: "minTLS", maxName: "maxTLS") {
                throw fail(entry["minTLS"], here + ".minTLS", "invalid_value", problem)
            }
            let client = TLSClientConfiguration(trustFile: trust, certificateFile: certFile, keyFile: keyFile,
                                                minVersion: minVersion, maxVersion: maxVersion, verificationTime: at)
            return HandshakeCheck(name: name, clientService: try string("client"), serverService: try string("server"),
                                  target: target, serverName: serverName, client: client, expect: expect,
                                  timeouts: checkTimeouts, httpProbe: httpProbe)
        }
    }

    /// Relative paths: against the plan's folder first, then the current directory.
    static func resolve(_ path: String, _ base: String) -> String? {
        let fm = FileManager.default
        if path.hasPrefix("/") {
            if fm.isReadableFile(atPath: path) { return path }
        } else {
            let nearPlan = base.isEmpty ? path : (base as NSString).appendingPathComponent(path)
            if fm.isReadableFile(atPath: nearPlan) { return nearPlan }
            if fm.isReadableFile(atPath: path) { return path }
        }
        return nil
    }
}
