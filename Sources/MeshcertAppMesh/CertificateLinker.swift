import MeshcertSupport

/// One certificate of a scanned file, as the inventory read it.
public struct ScannedCertificate: Sendable, Equatable {
    /// RFC 2253 names.
    public var subject: String
    public var issuer: String
    /// The inventory's self-signed flag: subject equals issuer and the key identifiers (when
    /// both present) agree, as OpenSSL's `X509_self_signed(x, 0)`; the signature is not re-checked.
    public var selfSigned: Bool
    /// basicConstraints CA:TRUE.
    public var isCA: Bool
    public var dnsNames: [String]

    public init(subject: String, issuer: String, selfSigned: Bool, isCA: Bool, dnsNames: [String] = []) {
        self.subject = subject
        self.issuer = issuer
        self.selfSigned = selfSigned
        self.isCA = isCA
        self.dnsNames = dnsNames
    }

    /// A root CA as App Mesh wants it in a trust: self-signed and CA:TRUE.
    public var isRootCA: Bool { selfSigned && isCA }
}

/// What meshcert knows about one scanned file that a configured path was linked to.
public struct ScannedCertificateFile: Sendable, Equatable {
    public var path: String
    /// Certificates in the file (0 for a key file).
    public var certificates: Int
    /// The first certificate's subject (the leaf of a chain file, the first CA of a bundle).
    public var subject: String?
    /// The earliest notAfter of the file's certificates: when the file stops working.
    public var notAfter: EpochSeconds?
    /// `SHORT_LIVED` or `GENERAL_PURPOSE` as `meshcert scan` judges the first certificate; nil for CAs.
    public var usageMode: String?
    /// Paths of private keys matching the first certificate (key pairing by public key).
    public var matchingKeyPaths: [String]
    /// Findings of the certificate scan for this file (expired, weak key...), already as mesh findings.
    public var findings: [MeshFinding]
    /// The file's certificates in file order (the leaf first in a chain file); what the trust and
    /// wildcard rules look at. Not part of the JSON output.
    public var members: [ScannedCertificate]

    public init(path: String, certificates: Int = 0, subject: String? = nil, notAfter: EpochSeconds? = nil,
                usageMode: String? = nil, matchingKeyPaths: [String] = [], findings: [MeshFinding] = [],
                members: [ScannedCertificate] = []) {
        self.path = path
        self.certificates = certificates
        self.subject = subject
        self.notAfter = notAfter
        self.usageMode = usageMode
        self.matchingKeyPaths = matchingKeyPaths
        self.findings = findings
        self.members = members
    }
}

/// A certificate file named in the configuration and the scanned file it was linked to.
public struct LinkedCertificate: Sendable, Equatable {
    /// `presented` (listener certificate), `clientPresented` (client policy certificate),
    /// `privateKey` (the key beside either), `trusted` (validation trust bundle).
    public var role: String
    /// Where the configuration names it: `listener 8080`, `backend users.apps.local`, `backendDefaults`.
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
        var uses: [(role: String, context: String, path: String, key: String?)] = []
        func add(_ c: TLSCertificate?, _ role: String, _ context: String) {
            guard let c, c.source == .file, let chain = c.certificateChain else { return }
            uses.append((role, context, chain, c.privateKey))
            if let key = c.privateKey { uses.append(("privateKey", context, key, nil)) }
        }
        func trust(_ v: TLSValidation?, _ context: String) {
            if let v, v.trustSource == .file, let chain = v.certificateChain { uses.append(("trusted", context, chain, nil)) }
        }
        for listener in node.listeners {
            add(listener.certificate, "presented", "listener \(listener.port)")
            trust(listener.validation, "listener \(listener.port)")
        }
        for policy in node.clientPolicies {
            let context = policy.backend.map { "backend " + $0 } ?? "backendDefaults"
            add(policy.certificate, "clientPresented", context)
            trust(policy.validation, context)
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
                        message: "\(use.path) (\(use.role), \(use.context)) is not among the scanned files",
                        fix: "scan the folder the proxy's certificates come from (--certs DIR), or fix the path in the configuration"))
                }
                continue
            }
            if let keyPath = use.key, let key = match(keyPath), file.certificates > 0, !file.matchingKeyPaths.contains(key.path),
               reported.insert("pair\u{0}" + use.path).inserted {
                findings.append(MeshFinding(
                    code: MeshFindingCode.keyMismatch, severity: .warning,
                    message: "\(use.path) → \(file.path) and its private key \(keyPath) → \(key.path) do not belong together",
                    fix: "Envoy refuses a certificate whose key does not match: deploy the key issued with this certificate"))
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
