import ArgumentParser
import Foundation
import MeshcertInventory
import MeshcertSupport

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Inventory certificate files, keys and bundles; find migration blockers.",
        discussion: """
        Walks files and folders recursively and builds one deduplicated inventory (one entry per
        distinct certificate, SHA-256 of the DER, with every location). Formats are recognised by
        content: PEM (any number of blocks, text around them, CRLF), DER, PKCS#7 (PEM and DER),
        PKCS#12 (empty password first, then each line of --pkcs12-password-file, or
        MESHCERT_PKCS12_PASSWORD), private keys (PKCS#8 and traditional; encrypted ones are
        recognised as such). CSRs, CRLs and parameters are listed as other objects.

        Findings (codes for --fail-on): expired, not_yet_valid, expiring_soon, weak_key,
        weak_signature, no_san, mtls_client_certificate, self_signed_leaf, incomplete_chain,
        untrusted_chain, strict_validation_failed, unmatched_key, unsupported_key_algorithm,
        encrypted_key.

        With --trust, each certificate is verified to the anchors under the verification policy
        (see `meshcert verify --help`); chain.trustCode gives OpenSSL's code name. Under the
        default compatible profile, a chain that --verify-profile strict would reject keeps its
        verdict and gets the warning strict_validation_failed.
        --fail-on also takes a severity (error, warning, info) or `unreadable`.

        Examples:
          meshcert scan Certs/ --at 2026-12-02T00:00:00Z
          meshcert scan /etc/envoy /srv/certs --format json > inventory.json
          meshcert scan certs/ --trust root-ca.pem --fail-on expired,untrusted_chain
          meshcert scan certs/ --format prometheus > /var/lib/node_exporter/meshcert.prom

        Exit codes:
          0  scan done and nothing matched --fail-on
          1  a finding (or `unreadable`) matched --fail-on
          2  usage error, a PATH does not exist, or nothing readable (errors and no
             certificate, key or other object at all)
        Unreadable files are listed under errors and do not change the exit code unless
        --fail-on unreadable is given.
        """
    )

    @Argument(help: "Files and folders to scan (recursively).")
    var paths: [String]

    @Option(help: "Output format: table, json, csv or prometheus.")
    var format: ScanFormat = .table

    @OptionGroup var time: EvaluationTimeOption

    @Option(name: .customLong("warn-days"), help: "expiring_soon when fewer days than this are left (short-lived certificates: 2/7 of their lifetime).")
    var warnDays: Int = 30

    @Option(name: .customLong("max-file-size"), help: "Files larger than this are not read (bytes, or with KiB/MiB).")
    var maxFileSize: String = "4MiB"

    @Option(name: .customLong("pkcs12-password-file"), help: "File with candidate PKCS#12 passwords, one per line (never printed).")
    var pkcs12PasswordFile: String?

    @Option(help: "Trust anchors (PEM/DER/PKCS#7 file); makes chain.trusted meaningful. Repeatable.")
    var trust: [String] = []

    @OptionGroup(title: "Chain verification (with --trust)") var verification: VerificationOptions

    @Option(name: .customLong("fail-on"), help: "Exit 1 when any of these finding codes, severities or `unreadable` occur (comma-separated).",
            transform: { text in
                try CommaList.parse(text) { code in
                    guard let c = ScanFailOn(code) else { throw ValidationError("unknown code '\(code)'; known: \(ScanFailOn.knownValues)") }
                    return c
                }
            })
    var failOn: [ScanFailOn]?

    @Option(help: "Worker threads (default: one per core).")
    var jobs: Int = 0

    func validate() throws {
        if ByteSize.parse(maxFileSize) == nil { throw ValidationError("--max-file-size: '\(maxFileSize)' is not a size such as 4MiB or 1048576") }
        if warnDays < 0 { throw ValidationError("--warn-days must be 0 or more") }
        if jobs < 0 { throw ValidationError("--jobs must be 0 (one per core) or more") }
    }

    func run() throws {
        var options = ScanOptions(evaluatedAt: time.time)
        options.warnDays = warnDays
        options.maxFileSize = ByteSize.parse(maxFileSize)!
        options.trustFiles = trust
        options.verification = verification.policy
        options.workers = jobs
        options.pkcs12Passwords = try PasswordSource.pkcs12Passwords(file: pkcs12PasswordFile)

        let inventory: Inventory
        do {
            inventory = try InventoryScanner.scan(paths: paths, options: options)
        } catch {
            throw CommandFailure("no such file or folder: " + error.paths.joined(separator: ", "))
        }

        // Every format is rendered into one buffer and written with one write.
        var out = OutputBuffer()
        switch format {
        case .table: InventoryTable.write(inventory, colour: Terminal.useColour, into: &out)
        case .json: ScanDocument(inventory).write(into: &out)
        case .csv: InventoryCSV.write(inventory, into: &out)
        case .prometheus: InventoryPrometheus.write(inventory, into: &out)
        }
        StandardOutput.write(out.bytes)

        let nothingUsable = inventory.certificates.isEmpty && inventory.keys.isEmpty && inventory.notCertificates.isEmpty
        if nothingUsable && !inventory.errors.isEmpty {
            Terminal.warn("meshcert scan: nothing readable: every file with certificate material failed (see errors)")
            throw ExitCode(2)
        }
        let failed = inventory.matches(failOn ?? [])
        // The process ends here: freeing the inventory (every entry's strings and arrays) is work
        // nobody needs. The output went out with one write(2); nothing is buffered.
        Foundation.exit(failed ? 1 : 0)
    }
}

enum ScanFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, prometheus
}
