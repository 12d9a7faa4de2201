import MeshcertInventory

/// A scanned file as a rotation subject: its leaf, tracked under the target `file:PATH` in the
/// same history and series as an endpoint's served certificate (docs/watch.md, "Files rotate too").
public struct FileSubject: Sendable, Equatable {
    public static let prefix = "file:"

    /// `file:` + the path as the scan reports it.
    public var target: String
    public var certificate: SeenCertificate

    public init(path: String, certificate: SeenCertificate) {
        target = Self.prefix + path
        self.certificate = certificate
    }

    public var path: String { String(target.dropFirst(Self.prefix.count)) }

    /// Each file's first end-entity certificate (lowest position in the file), by path. Files
    /// holding only CA certificates (bundles, trust stores) and files without a certificate
    /// (keys) are no subjects: nothing in them is served, so nothing in them rotates.
    static func leaves(of inventory: Inventory, scannedPaths: [String]) -> [FileSubject] {
        var best: [String: (index: Int, certificate: SeenCertificate)] = [:]
        for entry in inventory.certificates where !entry.details.isCA {
            let d = entry.details
            for location in entry.locations where best[location.path].map({ location.index < $0.index }) ?? true {
                guard !isAtomicWriterCopy(location.path, scannedPaths: scannedPaths) else { continue }
                best[location.path] = (location.index, SeenCertificate(serial: d.serial, sha256: entry.sha256,
                                                                        notBefore: d.notBefore, notAfter: d.notAfter))
            }
        }
        return best.keys.sorted().map { FileSubject(path: $0, certificate: best[$0]!.certificate) }
    }

    /// Kubernetes mounts a secret as `..2026_12_03_13_58_25.123/tls.crt` plus `..data` and
    /// `tls.crt` symlinks, and each update writes a new timestamped folder: as a subject, that
    /// path would be a new target at every rotation. The stable symlinked path beside it (which
    /// the scan also reports) is the subject; names below a scanned path starting with `..` are not.
    static func isAtomicWriterCopy(_ path: String, scannedPaths: [String]) -> Bool {
        guard path.contains("/..") else { return false }
        for root in scannedPaths where isAt(path, orBelow: root) {
            let below = path.dropFirst(root.count).split(separator: "/")
            if below.contains(where: { $0.hasPrefix("..") && $0 != ".." }) { return true }
        }
        return false
    }

    /// The subjects of `subjects` not at or below any of `paths` (what a failed scan keeps when
    /// those paths vanished).
    static func outside(_ paths: [String], _ subjects: [FileSubject]) -> [FileSubject] {
        subjects.filter { s in !paths.contains { isAt(s.path, orBelow: $0) } }
    }

    static func isAt(_ path: String, orBelow root: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }
}
