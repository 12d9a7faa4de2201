import MeshcertSupport

/// `meshcert scan --format`.
public enum ScanFormat: String, CaseIterable, Sendable {
    case table, json, csv, prometheus
}

/// What `meshcert scan` prints and its exit status: 0 done, 1 a `--fail-on` condition held,
/// 2 nothing readable or an unusable --trust/--crl file. The inventory comes along so that the caller can exit without freeing it.
public struct ScanOutcome {
    /// The rendered output; empty when it was streamed to the `output` sink.
    public var output: [UInt8]
    public var status: Int32
    /// Why the status is 2, for stderr.
    public var problem: String?
    /// One line per file that could not be read (`FILE: code: message`), for stderr when the
    /// format has no place for them (csv, prometheus): a `--fail-on unreadable` exit then still
    /// names the file.
    public var unreadable: [String]
    /// For `--format json`, without its certificate entries: they moved into `document`.
    public var inventory: Inventory
    /// The JSON document, when one was built: kept alive with the inventory for the same reason.
    public var document: ScanDocument?
}

/// `meshcert scan` as one call: scan, render the format, the exit status.
public enum ScanCommand {
    /// With `output`, json, csv and prometheus are handed to it a chunk at a time as they are
    /// rendered (never the whole text in memory) and the table in one piece; without, the
    /// outcome holds the bytes.
    public static func run(paths: [String], options: ScanOptions, format: ScanFormat, failOn: [ScanFailOn], colour: Bool,
                           output: (@Sendable ([UInt8]) -> Void)? = nil) throws -> ScanOutcome {
        var inventory: Inventory
        do {
            inventory = try InventoryScanner.scan(paths: paths, options: options)
        } catch {
            throw CommandFailure("no such file or folder: " + error.paths.joined(separator: ", "))
        }
        // csv and prometheus have no errors list: their unreadable files are named on stderr.
        let errorsOnStderr = format == .csv || format == .prometheus
        // A --trust or --crl file that cannot be used is a bad argument, not an unreadable
        // inventory file: the chains were not verified as asked, so a `--fail-on
        // untrusted_chain` gate must not pass on a typo.
        let trustErrors = inventory.errors.filter { $0.code.hasPrefix("trust_") }
        var problem: String? = nil
        if !trustErrors.isEmpty {
            problem = "chains not verified as asked: " + trustErrors.map { "\($0.file): \($0.message)" }.joined(separator: "; ")
        } else if inventory.nothingReadable {
            problem = "nothing readable: every file with certificate material failed (\(errorsOnStderr ? "each named above" : "see errors"))"
        }
        let status: Int32 = problem != nil ? 2 : inventory.matches(failOn) ? 1 : 0
        var out = output.map { OutputBuffer(streamingTo: $0) } ?? OutputBuffer()
        var document: ScanDocument? = nil
        switch format {
        case .table: InventoryTable.write(inventory, colour: colour, into: &out)
        case .json:
            // Last use of the entries: the document takes them rather than copying them.
            let taken = ScanDocument(taking: &inventory)
            taken.write(into: &out)
            document = taken
        case .csv: InventoryCSV.write(inventory, into: &out)
        case .prometheus: InventoryPrometheus.write(inventory, into: &out)
        }
        out.finish()
        let unreadable = errorsOnStderr ? inventory.errors.map { "\($0.file): \($0.code): \($0.message)" } : []
        return ScanOutcome(output: out.bytes, status: status, problem: problem, unreadable: unreadable, inventory: inventory,
                           document: document)
    }
}
