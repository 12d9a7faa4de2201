import Foundation
import MeshcertOpenSSL
import MeshcertSupport
import Yams

/// A plan file: named checks a team runs after every migration step (see docs/handshake.md, "Plans").
public enum HandshakePlan {
    public struct Error: Swift.Error, CustomStringConvertible {
        public let description: String
    }

    static let checkKeys: Set<String> = ["name", "client", "server", "connect", "serverName", "trust", "clientCertificate",
                                         "minTLS", "maxTLS", "expect", "timeout"]

    public static func load(path: String, timeouts: HandshakeTimeouts, at: EpochSeconds?) throws -> [HandshakeCheck] {
        guard let data = FileManager.default.contents(atPath: path) else { throw Error(description: "\(path): cannot read the plan file") }
        return try parse(String(decoding: data, as: UTF8.self), source: path, baseDirectory: (path as NSString).deletingLastPathComponent,
                         timeouts: timeouts, at: at)
    }

    public static func parse(_ text: String, source: String, baseDirectory: String, timeouts: HandshakeTimeouts,
                             at: EpochSeconds?) throws -> [HandshakeCheck] {
        let root: Any?
        do { root = try SafeYAML.load(text) } catch { throw Error(description: "\(source): not valid YAML: \(error)") }
        guard let top = root as? [String: Any], let list = top["checks"] as? [Any] else {
            throw Error(description: "\(source): expected a top-level 'checks:' list")
        }
        if list.isEmpty { throw Error(description: "\(source): 'checks' is empty") }
        if let unknown = top.keys.sorted().first(where: { $0 != "checks" }) {
            throw Error(description: "\(source): unknown top-level key '\(unknown)' (a plan holds 'checks:' only)")
        }
        var names = Set<String>()
        return try list.enumerated().map { index, item in
            let here = "\(source): check \(index + 1)"
            guard let entry = item as? [String: Any] else { throw Error(description: "\(here): expected a mapping") }
            if let unknown = entry.keys.sorted().first(where: { !checkKeys.contains($0) }) {
                throw Error(description: "\(here): unknown key '\(unknown)' (known: \(checkKeys.sorted().joined(separator: ", ")))")
            }
            func string(_ key: String) throws -> String? {
                guard let v = entry[key] else { return nil }
                if let s = v as? String { return s }
                if v is Int || v is Double { return "\(v)" }
                throw Error(description: "\(here): '\(key)' must be a string")
            }
            let name = try string("name") ?? "check-\(index + 1)"
            let where_ = "\(source): check '\(name)'"
            guard names.insert(name).inserted else { throw Error(description: "\(where_): duplicate name") }
            guard let connect = try string("connect") else { throw Error(description: "\(where_): missing 'connect: HOST:PORT'") }
            guard let target = Target(parsing: connect) else { throw Error(description: "\(where_): connect '\(connect)' is not HOST:PORT") }
            guard let trustText = try string("trust") else { throw Error(description: "\(where_): missing 'trust: FILE'") }
            let trust = try resolve(trustText, baseDirectory, where_)
            var certFile: String?, keyFile: String?
            if let cc = entry["clientCertificate"] {
                guard let m = cc as? [String: Any], let c = m["cert"] as? String, let k = m["key"] as? String else {
                    throw Error(description: "\(where_): clientCertificate must be {cert: FILE, key: FILE}")
                }
                certFile = try resolve(c, baseDirectory, where_)
                keyFile = try resolve(k, baseDirectory, where_)
            }
            func version(_ key: String) throws -> TLSVersion? {
                guard let text = try string(key) else { return nil }
                guard let v = TLSVersion(rawValue: text) else { throw Error(description: "\(where_): \(key) must be \"1.2\" or \"1.3\"") }
                return v
            }
            var expect = HandshakeReason.ok
            if let e = try string("expect") {
                guard let r = HandshakeReason(rawValue: e) else {
                    throw Error(description: "\(where_): expect '\(e)' is not a reason code (\(HandshakeReason.allCodes))")
                }
                expect = r
            }
            var checkTimeouts = timeouts
            if let t = try string("timeout") {
                guard let s = TimeoutText.seconds(t) else { throw Error(description: "\(where_): timeout '\(t)' is not a duration") }
                checkTimeouts.connect = s
                checkTimeouts.handshake = s
            }
            let client = TLSClientConfiguration(trustFile: trust, certificateFile: certFile, keyFile: keyFile,
                                                minVersion: try version("minTLS"), maxVersion: try version("maxTLS"),
                                                verificationTime: at)
            return HandshakeCheck(name: name, clientService: try string("client"), serverService: try string("server"),
                                  target: target, serverName: try string("serverName"), client: client, expect: expect,
                                  timeouts: checkTimeouts)
        }
    }

    /// Relative paths: against the plan's folder first, then the current directory.
    static func resolve(_ path: String, _ base: String, _ context: String) throws -> String {
        let fm = FileManager.default
        if path.hasPrefix("/") {
            if fm.isReadableFile(atPath: path) { return path }
        } else {
            let nearPlan = base.isEmpty ? path : (base as NSString).appendingPathComponent(path)
            if fm.isReadableFile(atPath: nearPlan) { return nearPlan }
            if fm.isReadableFile(atPath: path) { return path }
        }
        throw Error(description: "\(context): cannot read '\(path)'")
    }
}
