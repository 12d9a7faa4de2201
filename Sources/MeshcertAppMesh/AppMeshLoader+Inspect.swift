import Foundation
import MeshcertSupport

extension AppMeshLoader {
    /// What `load` makes of one file's bytes, without the file system: whether it holds App Mesh
    /// configuration, how many nodes and routes, and its error entries. For fuzzing and embedding.
    public static func inspect(data: Data, file: String) -> (recognised: Bool, nodes: Int, routes: Int, errors: [Diagnostic]) {
        var out = FileContents()
        out.file = file
        read(data: data, file: file, into: &out)
        return (out.recognised, out.nodes.count, out.routes.count, out.errors)
    }

    /// One file's bytes read, merged and resolved as `load` does with files: for fuzzing the
    /// whole path (readers, merge, mesh resolution) and for embedding.
    public static func configuration(data: Data, file: String) -> AppMeshConfiguration {
        var out = FileContents()
        out.file = file
        read(data: data, file: file, into: &out)
        return merge([out])
    }
}
