import MeshcertSupport

/// What meshcert knows about one scanned file that a configured path was linked to.
public struct ScannedCertificateFile: Sendable, Equatable {
    public var path: String
    public var subject: String?
    public var notAfter: EpochSeconds?
    /// GENERAL_PURPOSE or SHORT_LIVED_CERTIFICATE, as the inventory judges it from the validity.
    public var usageMode: String?
    /// Findings of the certificate scan for this file (expired, weak key...).
    public var findings: [MeshFinding]

    public init(path: String, subject: String? = nil, notAfter: EpochSeconds? = nil, usageMode: String? = nil,
                findings: [MeshFinding] = []) {
        self.path = path
        self.subject = subject
        self.notAfter = notAfter
        self.usageMode = usageMode
        self.findings = findings
    }
}

/// A certificate file named in the configuration and the scanned file it was linked to.
public struct LinkedCertificate: Sendable, Equatable {
    /// `presented` (listener certificate), `clientPresented` (client policy certificate),
    /// `trusted` (validation trust bundle).
    public var role: String
    /// Where the configuration names it: `listener 8080`, `backend users.shop.local`, `backendDefaults`.
    public var context: String
    /// The path inside the proxy, as configured.
    public var configuredPath: String
    /// The scanned file, or nil when none matched.
    public var file: ScannedCertificateFile?
}

/// Links certificate paths of the configuration (`/etc/envoy/certs/users.pem`, paths inside the
/// proxy) to scanned files by the longest matching path suffix (`users.pem` < `certs/users.pem`).
public final class CertificateLinker: Sendable {
    /// Scanned files by file name, each with its path components reversed.
    private let byName: [String: [(file: ScannedCertificateFile, reversed: [Substring])]]
    public let at: EpochSeconds

    public init(files: [ScannedCertificateFile], at: EpochSeconds) {
        var index: [String: [(file: ScannedCertificateFile, reversed: [Substring])]] = [:]
        for file in files.sorted(by: { $0.path < $1.path }) {
            let parts = file.path.split(separator: "/")
            guard let name = parts.last else { continue }
            index[String(name), default: []].append((file, parts.reversed()))
        }
        byName = index
        self.at = at
    }

    /// The scanned file whose path shares the longest suffix with `configured` (at least the
    /// file name); on a tie the first in path order.
    public func match(_ configured: String) -> ScannedCertificateFile? {
        let parts = Array(configured.split(separator: "/").reversed())
        guard let name = parts.first, let candidates = byName[String(name)] else { return nil }
        var best: (file: ScannedCertificateFile, length: Int)?
        for candidate in candidates {
            var n = 0
            while n < parts.count, n < candidate.reversed.count, parts[n] == candidate.reversed[n] { n += 1 }
            if best == nil || n > best!.length { best = (candidate.file, n) }
        }
        return best?.file
    }

    /// Links every file path a node names; a path with no match is a finding, and the findings
    /// of linked certificates are carried over, prefixed with where the node uses them.
    func link(_ node: MeshNode) -> (certificates: [LinkedCertificate], findings: [MeshFinding]) {
        var uses: [(role: String, context: String, path: String)] = []
        for listener in node.listeners {
            let context = "listener \(listener.port)"
            if let c = listener.certificate, c.source == .file, let chain = c.certificateChain { uses.append(("presented", context, chain)) }
            if let v = listener.validation, v.trustSource == .file, let chain = v.certificateChain { uses.append(("trusted", context, chain)) }
        }
        for policy in node.clientPolicies {
            let context = policy.backend.map { "backend " + $0 } ?? "backendDefaults"
            if let c = policy.certificate, c.source == .file, let chain = c.certificateChain { uses.append(("clientPresented", context, chain)) }
            if let v = policy.validation, v.trustSource == .file, let chain = v.certificateChain { uses.append(("trusted", context, chain)) }
        }
        var linked: [LinkedCertificate] = []
        var findings: [MeshFinding] = []
        var reported = Set<String>()
        for use in uses {
            let file = match(use.path)
            linked.append(LinkedCertificate(role: use.role, context: use.context, configuredPath: use.path, file: file))
            guard let file else {
                if reported.insert("missing\u{0}" + use.path).inserted {
                    findings.append(MeshFinding(
                        code: MeshFindingCode.certificateFileMissing, severity: .warning,
                        message: "\(use.path) (\(use.role), \(use.context)) is not among the scanned certificate files",
                        fix: "scan the folder the proxy's certificates come from (--certs DIR), or fix the path in the configuration"))
                }
                continue
            }
            for finding in file.findings where reported.insert(finding.code + "\u{0}" + file.path).inserted {
                var carried = finding
                carried.message = "\(use.path) → \(file.path): \(finding.message)"
                findings.append(carried)
            }
        }
        return (linked, findings)
    }
}
