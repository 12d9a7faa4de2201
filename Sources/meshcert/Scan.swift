import ArgumentParser
import Foundation
import MeshcertInventory
import MeshcertSupport

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Inventory certificate files, keys and bundles; find migration blockers.",
        discussion: """
        Walks files and folders recursively and builds one deduplicated inventory (one entry per \
        distinct certificate, with every location), recognising PEM, DER, PKCS#7, PKCS#12 and private \
        keys by content, and lists the findings that matter for the migration (expired, weak_key, \
        incomplete_chain, mtls_client_certificate...). Formats, findings and the verification policy: \
        docs/scan.md.

          meshcert scan Certs/ --at 2026-12-02T00:00:00Z
          meshcert scan /etc/envoy /srv/certs --format json > inventory.json
          meshcert scan certs/ --trust root-ca.pem --fail-on expired,untrusted_chain

        Exit codes: 0 done; 1 a finding (or `unreadable`) matched --fail-on; 2 usage error, a PATH does \
        not exist, nothing readable, or a --trust/--crl file that cannot be used.
        """
    )

    @Argument(help: "Files and folders to scan (recursively).", completion: .file())
    var paths: [String]

    @Option(help: "Output format: table, json, csv or prometheus.")
    var format: ScanFormat = .table

    @OptionGroup var time: EvaluationTimeOption

    @Option(name: .customLong("warn-days"), help: "expiring_soon when fewer days than this are left (short-lived certificates: 2/7 of their lifetime).")
    var warnDays: Int = 30

    @Option(name: .customLong("max-file-size"), help: "Files larger than this are not read (bytes, or with KiB/MiB).")
    var maxFileSize: String = "4MiB"

    @OptionGroup var pkcs12: PKCS12PasswordOption

    @Option(help: "Trust anchors (PEM/DER/PKCS#7 file); makes chain.trusted meaningful. Repeatable.", completion: .file())
    var trust: [String] = []

    @OptionGroup(title: "Chain verification (with --trust)") var verification: VerificationOptions

    @Option(name: .customLong("fail-on"), help: "Exit 1 when any of these finding codes, severities or `unreadable` occur (comma-separated; repeatable, the lists add up).",
            transform: { text in
                try CommaList.parse(text) { code in
                    guard let c = ScanFailOn(code) else { throw ValidationError("unknown code '\(code)'; known: \(ScanFailOn.knownValues)") }
                    return c
                }
            })
    var failOn: [[ScanFailOn]] = []

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
        options.pkcs12Passwords = try pkcs12.passwords()
        // The output goes out as it is rendered, a chunk per write(2).
        let outcome = try ScanCommand.run(paths: paths, options: options, format: format, failOn: failOn.flatMap { $0 },
                                          colour: Terminal.useColour, output: StandardOutput.write)
        // The process ends here, the inventory still alive: freeing it (every entry's strings and
        // arrays) is work nobody needs.
        withExtendedLifetime(outcome) {
            for line in outcome.unreadable { Terminal.warn("meshcert scan: " + line) }
            if let problem = outcome.problem { Terminal.warn("meshcert scan: error: " + problem) }
            let summary = outcome.inventory.summary
            if summary.files == 0 && summary.skipped == 0 && summary.errors == 0 {
                // Not an error (a folder may be empty on purpose), but a mis-mounted one must be seen.
                Terminal.warn("meshcert scan: warning: no files found in " + paths.joined(separator: ", ") + ": nothing was scanned")
            }
            Foundation.exit(outcome.status)
        }
    }
}

extension ScanFormat: ExpressibleByArgument {}
