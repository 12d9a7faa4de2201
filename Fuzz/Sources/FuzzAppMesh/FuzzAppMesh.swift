import Foundation
import MeshcertAppMesh

/// App Mesh readers (aws CLI JSON, Kubernetes CRD YAML, recognised by content): any bytes give a
/// result or error entries naming the file, never a crash or a hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
    let result = AppMeshLoader.inspect(data: bytes, file: "fuzz-input")
    for e in result.errors { precondition(e.file == "fuzz-input" && !e.message.isEmpty) }
    return 0
}
