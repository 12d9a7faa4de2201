import Foundation
import MeshcertInventory
import MeshcertSupport

/// What the exporter keeps of a scan entry's last run: the `x509_cert_*` series exactly as
/// `meshcert scan --format prometheus` writes them, and the entry's health.
public struct ScanObservation: Sendable {
    public var name: String
    /// Families (name, kind, help) and sample lines of the scan's own exposition.
    var families: [(name: String, kind: Exposition.Kind, help: String)]
    var samples: [(family: String, line: String)]
    /// Problems of the last run by code (`missing_path`, `unreadable`, `invalid_certificate`...).
    public var errors: [String: Int]
    public var certificates: Int
    /// When a scan of this entry last completed (nil: never).
    public var lastSuccess: Int64?
    /// The last run failed as a whole (a path vanished, the password file went away).
    public var failed: Bool
    public var failure: String?
    /// The rotation subjects: each scanned file's leaf (none with `rotation: false`). A failed
    /// run keeps the last ones, less those under a path that vanished.
    public var files: [FileSubject] = []
}

/// Runs one `scan:` entry with `meshcert scan`'s scanner and renderer.
enum ScanJob {
    /// The inventory families a watch page carries; the scan's own summary series are
    /// replaced by per-entry `meshcert_scan_*` series (several entries share one page).
    static let keptFamilies: Set<String> = ["x509_cert_not_after", "x509_cert_not_before", "x509_cert_expired",
                                            "meshcert_certificate_findings"]

    static func run(_ entry: WatchConfig.ScanEntry, at: Int64, previous: ScanObservation?) -> ScanObservation {
        var options = ScanOptions(evaluatedAt: at)
        options.warnDays = entry.warnDays
        options.trustFiles = entry.trust
        options.verification = entry.policy
        options.workers = 1  // probes share the machine; one scan thread is plenty between intervals
        var failure: String?
        if let file = entry.pkcs12PasswordFile {
            if let data = FileManager.default.contents(atPath: file) {
                options.pkcs12Passwords = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
            } else {
                failure = "\(file): the PKCS#12 password file cannot be read"
            }
        }
        var observation = ScanObservation(name: entry.name, families: [], samples: [], errors: [:], certificates: 0,
                                          lastSuccess: previous?.lastSuccess, failed: true, failure: failure,
                                          files: previous?.files ?? [])
        if failure != nil {
            observation.errors["unreadable_password_file"] = 1
            return observation
        }
        let inventory: Inventory
        do {
            inventory = try InventoryScanner.scan(paths: entry.paths, options: options)
        } catch {
            observation.errors["missing_path"] = error.paths.count
            observation.failure = error.paths.map { "\($0): no such file or folder" }.joined(separator: "; ")
            observation.files = FileSubject.outside(error.paths, observation.files)
            return observation
        }
        let parsed = Exposition.parse(InventoryPrometheus.render(inventory))
        observation.families = parsed.families.filter { keptFamilies.contains($0.name) }
        observation.samples = parsed.samples.filter { keptFamilies.contains($0.family) }
        for e in inventory.errors { observation.errors[e.code, default: 0] += 1 }
        observation.certificates = inventory.certificates.count
        observation.files = entry.rotation ? FileSubject.leaves(of: inventory, scannedPaths: entry.paths) : []
        observation.lastSuccess = at
        observation.failed = false
        return observation
    }
}
