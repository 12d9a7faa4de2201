import MeshcertRotation

/// The rotation scenario reader: any text gives a scenario or a ScenarioError, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)
    _ = try? ScenarioReader.parse(text, file: "fuzz.yaml")
    return 0
}
