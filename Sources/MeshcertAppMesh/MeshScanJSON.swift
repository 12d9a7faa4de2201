import MeshcertSupport

/// `meshcert mesh scan --format json` (schema `meshcert.mesh.v1`): kept for callers not yet moved
/// to `MeshDocument`, the one model that writes and reads the document.
public enum MeshScanJSON {
    public static let schema = MeshDocument.schemaName

    @available(*, deprecated, message: "use MeshDocument(result).render()")
    public static func render(_ r: MeshScanResult) -> String { MeshDocument(r).render() }

    @available(*, deprecated, message: "use MeshDocument(result).json()")
    public static func document(_ r: MeshScanResult) -> JSON { MeshDocument(r).json() }
}
