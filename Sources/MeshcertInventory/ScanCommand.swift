import MeshcertSupport

/// `meshcert scan --format`.
public enum ScanFormat: String, CaseIterable, Sendable {
    case table, json, csv, prometheus
}

/// What `meshcert scan` prints and its exit status: 0 done, 1 a `--fail-on` condition held,
/// 2 nothing readable. The inventory comes along so that the caller can exit without freeing it.
public struct ScanOutcome {
    public var output: [UInt8]
    public var status: Int32
    public var inventory: Inventory
}

/// `meshcert scan` as one call: scan, render every format into one buffer, the exit status.
public enum ScanCommand {
    public static func run(paths: [String], options: ScanOptions, format: ScanFormat, failOn: [ScanFailOn], colour: Bool) throws
        -> ScanOutcome {
        let inventory: Inventory
        do {
            inventory = try InventoryScanner.scan(paths: paths, options: options)
        } catch {
            throw CommandFailure("no such file or folder: " + error.paths.joined(separator: ", "))
        }
        var out = OutputBuffer()
        switch format {
        case .table: InventoryTable.write(inventory, colour: colour, into: &out)
        case .json: ScanDocument(inventory).write(into: &out)
        case .csv: InventoryCSV.write(inventory, into: &out)
        case .prometheus: InventoryPrometheus.write(inventory, into: &out)
        }
        let nothingUsable = inventory.certificates.isEmpty && inventory.keys.isEmpty && inventory.notCertificates.isEmpty
        let status: Int32 = nothingUsable && !inventory.errors.isEmpty ? 2 : inventory.matches(failOn) ? 1 : 0
        return ScanOutcome(output: out.bytes, status: status, inventory: inventory)
    }
}
