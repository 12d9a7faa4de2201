import Foundation
import MeshcertHandshake
import MeshcertOpenSSL
import MeshcertSupport

/// Reads a watch config. Every problem is a `Diagnostic` naming the file, line, field and reason
/// (unknown keys, bad durations, missing files); the command exits 2 on it. A handshake plan's
/// own problems come back as the plan's diagnostics (naming the plan file).
public enum WatchConfigReader {
    static let topKeys = ["listen", "state", "scan", "handshake", "rotation"]
    /// The verification policy's keys, the same in `scan:` entries and `handshake:` as the
    /// command-line options of `scan`/`handshake` (--verify-profile, --max-depth, --crl, ...).
    static let policyKeys = ["verifyProfile", "maxDepth", "crl", "partialChain", "pedantic"]
    static let scanKeys = ["name", "paths", "interval", "trust", "pkcs12PasswordFile", "warnDays", "rotation"] + policyKeys
    static let handshakeKeys = ["plan", "interval", "timeout", "jobs", "perHost", "jitter"] + policyKeys
    static let rotationKeys = ["lifetime", "renewAt", "tolerance"]

    /// `at`: the verification time of every probe (`--at`, `--once` only); nil verifies as of each probe.
    public static func load(path: String, at: EpochSeconds? = nil) throws(Diagnostic) -> WatchConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(file: path, code: "unreadable", message: "cannot read the config file")
        }
        // A relative config keeps relative paths (labels then read `Certs/...`, as given).
        return try parse(String(decoding: data, as: UTF8.self), source: path,
                         baseDirectory: (path as NSString).deletingLastPathComponent, at: at)
    }

    public static func parse(_ text: String, source: String, baseDirectory: String, at: EpochSeconds? = nil) throws(Diagnostic) -> WatchConfig {
        var reader = Reader(source: source, base: baseDirectory)
        return try reader.read(text, at: at)
    }

    /// `a/b/../c` → `a/c`, `./x` → `x`: paths as a user reads them (no file system access,
    /// so a symlinked folder's `..` is taken literally, as a shell's `cd -L` would).
    static func lexical(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if part == "..", path.hasPrefix("/") && parts.isEmpty { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    struct Reader {
        let source: String
        let base: String

        func fail(_ node: YAMLNode?, _ field: String, _ code: String, _ message: String) -> Diagnostic {
            Diagnostic(file: source, line: node?.line, column: node?.column, field: field, code: code, message: message)
        }

        /// A mapping whose keys are all known.
        func mapping(_ node: YAMLNode, _ field: String, known: [String]) throws(Diagnostic) -> [String: YAMLNode] {
            guard let fields = node.fields, let pairs = node.pairs else {
                throw fail(node, field, "wrong_type", "expected a mapping")
            }
            if let unknown = pairs.first(where: { !known.contains($0.key.text ?? "") }) {
                let name = unknown.key.text ?? ""
                throw fail(unknown.key, field.isEmpty ? name : field + "." + name, "unknown_field",
                           "unknown key '\(name)' (known: \(known.joined(separator: ", ")))")
            }
            return fields
        }

        func string(_ m: [String: YAMLNode], _ key: String, _ field: String) throws(Diagnostic) -> String? {
            guard let node = m[key], node.value != .null else { return nil }
            guard let s = node.text, !s.isEmpty else { throw fail(node, field + key, "wrong_type", "'\(key)' must be a non-empty string") }
            return s
        }

        /// Durations as everywhere in meshcert (`30s`, `5m`, `7d`, `1d12h`; intervals and timeouts
        /// also `1500ms`); zero and negative durations are refused.
        func duration(_ m: [String: YAMLNode], _ key: String, _ field: String, millis: Bool) throws(Diagnostic) -> Double? {
            guard let text = try string(m, key, field) else { return nil }
            let seconds = millis ? TimeoutText.seconds(text) : DurationText.parse(text).map(Double.init)
            guard let seconds, seconds > 0 else {
                throw fail(m[key], field + key, "invalid_duration",
                           "'\(text)' is not a positive duration such as 30s, 5m, 7d" + (millis ? " or 1500ms" : ""))
            }
            return seconds
        }

        func integer(_ m: [String: YAMLNode], _ key: String, _ field: String, min: Int) throws(Diagnostic) -> Int? {
            guard let node = m[key], node.value != .null else { return nil }
            guard let text = node.text, let n = Int(text), n >= min else {
                throw fail(node, field + key, "invalid_value", "'\(key)' must be a whole number, at least \(min)")
            }
            return n
        }

        /// Relative paths resolve against the config file's folder; the file must exist.
        func path(_ text: String, _ node: YAMLNode?, _ field: String, directory: Bool = false) throws(Diagnostic) -> String {
            let full = WatchConfigReader.lexical(text.hasPrefix("/") || base.isEmpty ? text : (base as NSString).appendingPathComponent(text))
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else {
                throw fail(node, field, "missing_file", "'\(text)' does not exist (relative paths are read from the config file's folder, \(base.isEmpty ? "here the current directory" : base))")
            }
            if !isDirectory.boolValue && !FileManager.default.isReadableFile(atPath: full) {
                throw fail(node, field, "unreadable", "'\(text)' cannot be read")
            }
            return full
        }

        func boolean(_ m: [String: YAMLNode], _ key: String, _ field: String) throws(Diagnostic) -> Bool? {
            guard let node = m[key], node.value != .null else { return nil }
            guard case .bool(let b) = node.value else { throw fail(node, field + key, "wrong_type", "'\(key)' must be true or false") }
            return b
        }

        /// `verifyProfile`, `maxDepth`, `crl`, `partialChain`, `pedantic`: what `--verify-profile`,
        /// `--max-depth`, `--crl`, `--partial-chain` and `--pedantic` give on the command line.
        func policy(_ m: [String: YAMLNode], _ field: String) throws(Diagnostic) -> VerificationPolicy {
            var profile = VerificationPolicy.Profile.compatible
            if let text = try string(m, "verifyProfile", field) {
                guard let p = VerificationPolicy.Profile(rawValue: text) else {
                    throw fail(m["verifyProfile"], field + "verifyProfile", "invalid_value",
                               "'\(text)' is not a profile (known: \(VerificationPolicy.Profile.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                profile = p
            }
            let policy = VerificationPolicy(profile: profile, maxDepth: try integer(m, "maxDepth", field, min: 0),
                                            partialChain: try boolean(m, "partialChain", field) ?? false,
                                            crlFiles: try paths(m, "crl", field), pedantic: try boolean(m, "pedantic", field) ?? false)
            do { try policy.checkCRLFiles() } catch {
                throw fail(m["crl"], field + "crl", "invalid_value", error.description)
            }
            return policy
        }

        func paths(_ m: [String: YAMLNode], _ key: String, _ field: String) throws(Diagnostic) -> [String] {
            guard let node = m[key], node.value != .null else { return [] }
            if let single = node.text { return [try path(single, node, field + key)] }
            guard let items = node.items else { throw fail(node, field + key, "wrong_type", "'\(key)' must be a path or a list of paths") }
            var out: [String] = []
            for (i, item) in items.enumerated() {
                guard let text = item.text, !text.isEmpty else { throw fail(item, "\(field)\(key)[\(i)]", "wrong_type", "expected a path") }
                out.append(try path(text, item, "\(field)\(key)[\(i)]"))
            }
            return out
        }

        mutating func read(_ text: String, at: EpochSeconds?) throws(Diagnostic) -> WatchConfig {
            let root = try YAML.document(text, file: source)
            if let key = root?.firstComplexKey { throw fail(key, "", "not_yaml", "mapping keys must be plain text") }
            guard let root else { throw fail(nil, "", "wrong_type", "the config is empty (expected scan:, handshake: or both)") }
            let top = try mapping(root, "", known: WatchConfigReader.topKeys)
            var config = WatchConfig(file: source)
            if let listen = try string(top, "listen", "") {
                guard ListenAddress(parsing: listen) != nil else {
                    throw fail(top["listen"], "listen", "invalid_value", "'\(listen)' is not HOST:PORT")
                }
                config.listen = listen
            }
            if let state = try string(top, "state", "") {
                config.state = WatchConfigReader.lexical(state.hasPrefix("/") || base.isEmpty ? state : (base as NSString).appendingPathComponent(state))
            }
            if let scan = top["scan"], scan.value != .null {
                guard let items = scan.items else { throw fail(scan, "scan", "wrong_type", "'scan' must be a list of entries") }
                for (i, item) in items.enumerated() {
                    config.scans.append(try scanEntry(item, index: i))
                }
                let names = config.scans.map(\.name)
                if let dup = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
                    throw fail(scan, "scan", "invalid_value", "two scan entries are named '\(dup)'")
                }
            }
            if let hs = top["handshake"], hs.value != .null {
                config.handshake = try handshake(hs, at: at)
            }
            if let rot = top["rotation"], rot.value != .null {
                let m = try mapping(rot, "rotation", known: WatchConfigReader.rotationKeys)
                var r = WatchConfig.RotationExpectation()
                if let v = try duration(m, "lifetime", "rotation.", millis: false) { r.lifetime = Int64(v) }
                if let v = try duration(m, "renewAt", "rotation.", millis: false) { r.renewAt = Int64(v) }
                if let node = m["tolerance"], node.value != .null {
                    guard let t = node.text, let v = DurationText.parse(t), v >= 0 else {
                        throw fail(node, "rotation.tolerance", "invalid_duration", "'\(node.text ?? "")' is not a duration such as 1h or 0s")
                    }
                    r.tolerance = v
                }
                guard r.renewAt < r.lifetime else {
                    throw fail(m["renewAt"] ?? rot, "rotation.renewAt", "invalid_value",
                               "renewAt (\(DurationText.format(r.renewAt))) must be shorter than lifetime (\(DurationText.format(r.lifetime)))")
                }
                config.rotation = r
            }
            if config.scans.isEmpty && config.handshake == nil {
                throw fail(root, "", "missing_field", "nothing to watch: give 'scan:', 'handshake:' or both")
            }
            return config
        }

        func scanEntry(_ item: YAMLNode, index: Int) throws(Diagnostic) -> WatchConfig.ScanEntry {
            let here = "scan[\(index)]."
            let m = try mapping(item, "scan[\(index)]", known: WatchConfigReader.scanKeys)
            let scanPaths = try paths(m, "paths", here)
            if scanPaths.isEmpty { throw fail(item, here + "paths", "missing_field", "missing 'paths: [FILE or FOLDER, ...]'") }
            var pkcs12: String?
            if let p = try string(m, "pkcs12PasswordFile", here) { pkcs12 = try path(p, m["pkcs12PasswordFile"], here + "pkcs12PasswordFile") }
            return WatchConfig.ScanEntry(
                name: try string(m, "name", here) ?? "scan-\(index + 1)", paths: scanPaths,
                interval: try duration(m, "interval", here, millis: true) ?? 300,
                trust: try self.paths(m, "trust", here), pkcs12PasswordFile: pkcs12,
                warnDays: try integer(m, "warnDays", here, min: 0) ?? 30, policy: try policy(m, here),
                rotation: try boolean(m, "rotation", here) ?? true)
        }

        func handshake(_ node: YAMLNode, at: EpochSeconds?) throws(Diagnostic) -> WatchConfig.HandshakeSection {
            let here = "handshake."
            let m = try mapping(node, "handshake", known: WatchConfigReader.handshakeKeys)
            guard let planText = try string(m, "plan", here) else {
                throw fail(node, "handshake.plan", "missing_field", "missing 'plan: FILE' (a `meshcert handshake --plan` file)")
            }
            let plan = try path(planText, m["plan"], "handshake.plan")
            let timeout = try duration(m, "timeout", here, millis: true) ?? 5
            var jitter = 0.1
            if let j = m["jitter"], j.value != .null {
                guard let t = j.text, let v = Double(t), v >= 0, v < 1 else {
                    throw fail(j, "handshake.jitter", "invalid_value", "'jitter' must be a fraction from 0 to below 1 (0.1 = ±10 %)")
                }
                jitter = v
            }
            let policy = try policy(m, here)
            var checks: [HandshakeCheck]
            do {
                checks = try HandshakePlan.load(path: plan, timeouts: HandshakeTimeouts(connect: timeout, handshake: timeout,
                                                                                        read: min(2, timeout)), at: at)
            } catch let d as Diagnostic {
                throw d
            } catch {
                throw fail(m["plan"], "handshake.plan", "invalid_value", "cannot use the plan: \(error)")
            }
            for i in checks.indices { checks[i].client.policy = policy }  // plans name no policy: the config's applies
            if let taken = checks.first(where: { $0.name.hasPrefix(FileSubject.prefix) }) {
                throw fail(m["plan"], "handshake.plan", "invalid_value",
                           "check '\(taken.name)': names starting with '\(FileSubject.prefix)' are the rotation targets of scanned files")
            }
            return WatchConfig.HandshakeSection(
                plan: plan, interval: try duration(m, "interval", here, millis: true) ?? 30, timeout: timeout,
                jobs: try integer(m, "jobs", here, min: 1) ?? 8, perHost: try integer(m, "perHost", here, min: 1) ?? 4,
                jitter: jitter, policy: policy, checks: checks)
        }
    }
}

/// `HOST:PORT` to listen on (`[::1]:9219` for IPv6).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init?(parsing text: String) {
        guard let t = Target(parsing: text) else {
            // Port 0 (any free port) is fine for a listener, not for a target.
            if text.hasSuffix(":0"), let t = Target(parsing: String(text.dropLast()) + "1") {
                host = t.host
                port = 0
                return
            }
            return nil
        }
        host = t.host
        port = Int(t.port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
