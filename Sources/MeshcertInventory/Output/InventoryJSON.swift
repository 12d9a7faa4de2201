import MeshcertSupport

/// `--format json` (schema `meshcert.scan.v1`): kept for callers not yet moved to `ScanDocument`,
/// the one model that writes and reads the document.
public enum InventoryJSON {
    public static let schema = ScanDocument.schemaName

    @available(*, deprecated, message: "use ScanDocument(inventory).json()")
    public static func document(_ inv: Inventory) -> JSON { ScanDocument(inv).json() }

    @available(*, deprecated, message: "use ScanDocument(inventory).render()")
    public static func render(_ inv: Inventory) -> String { ScanDocument(inv).render() }

    @available(*, deprecated, message: "use ScanDocument(inventory).write(to:)")
    public static func write(_ inv: Inventory, to sink: ([UInt8]) -> Void) { ScanDocument(inv).write(to: sink) }
}
