import Foundation
import MeshcertAppMesh

/// App Mesh readers (aws CLI JSON and request files, Kubernetes CRD YAML, CloudFormation templates
/// in YAML and JSON, recognised by content): any bytes give a result or error entries naming the
/// file, never a crash or a hang; what was read then goes through the merge, the rules and the
/// document (conflicts, match routing, unresolved meshes, CloudFormation notes).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
    let result = AppMeshLoader.inspect(data: bytes, file: "fuzz-input")
    for e in result.errors { precondition(e.file == "fuzz-input" && !e.message.isEmpty) }
    let config = AppMeshLoader.configuration(data: bytes, file: "fuzz-input")
    precondition(config.nodes.count <= result.nodes)  // merged, never more
    _ = MeshDocument(MeshAnalyzer.analyze(config)).render()
    return 0
}
