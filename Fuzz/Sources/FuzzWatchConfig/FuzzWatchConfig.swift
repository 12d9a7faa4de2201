import Foundation
import MeshcertWatch

/// The watch config reader: any text gives a config or a diagnostic, never a crash. Paths are
/// read against docs/examples, so that relative paths in the seeds reach the deeper checks
/// (plans, trust files, CRLs) instead of stopping at "missing file".
let examples: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path + "/docs/examples"
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)
    _ = try? WatchConfigReader.parse(text, source: "fuzz.yaml", baseDirectory: examples, at: 0)
    return 0
}
