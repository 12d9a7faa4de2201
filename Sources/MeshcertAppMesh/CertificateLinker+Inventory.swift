import MeshcertInventory
import MeshcertSupport

extension CertificateLinker {
    /// Builds the linker from `meshcert scan`'s inventory: per file, its certificates (in file
    /// order), their earliest expiry, usage mode, matching keys and findings; key files with
    /// their own findings.
    public convenience init(inventory: Inventory) {
        var byPath: [String: [(index: Int, entry: CertificateEntry)]] = [:]
        for entry in inventory.certificates {
            for location in entry.locations { byPath[location.path, default: []].append((location.index, entry)) }
        }
        var files: [ScannedCertificateFile] = []
        for (path, found) in byPath {
            let entries = found.sorted { $0.index < $1.index }.map(\.entry)
            let first = entries[0]
            var findings: [MeshFinding] = []
            var codes = Set<String>()
            for entry in entries {
                for f in entry.findings where codes.insert(f.code).inserted { findings.append(Self.meshFinding(f)) }
            }
            files.append(ScannedCertificateFile(
                path: path, certificates: entries.count,
                subject: first.details.subjectCommonName ?? first.details.subject,
                notAfter: entries.map(\.details.notAfter).min(),
                usageMode: first.usageMode?.rawValue,
                matchingKeyPaths: first.keyPaths, findings: findings,
                members: entries.map { ScannedCertificate(subject: $0.details.subject, issuer: $0.details.issuer,
                                                          selfSigned: $0.details.selfSigned, isCA: $0.details.isCA,
                                                          dnsNames: $0.details.dnsNames) }))
        }
        for key in inventory.keys where byPath[key.path] == nil {
            files.append(ScannedCertificateFile(path: key.path, findings: key.findings.map(Self.meshFinding)))
        }
        self.init(files: files, at: inventory.evaluatedAt)
    }

    /// A scan finding seen from the migration: an error in today's certificate (expired, weak key)
    /// is a warning here, because Service Connect replaces the certificate anyway; it is not a
    /// reason the service cannot move.
    static func meshFinding(_ f: Finding) -> MeshFinding {
        // scan's hint names its --trust option, which `mesh scan` does not have: --certs is where
        // a missing issuer goes here.
        let message = f.code == "incomplete_chain" ? f.message.replacingOccurrences(of: ", or pass --trust", with: " to --certs") : f.message
        return MeshFinding(code: f.code, severity: f.severity == .info ? .info : .warning, message: message,
                    fix: "fix it where the proxy gets it today; after the move Service Connect issues its own certificates")
    }
}
