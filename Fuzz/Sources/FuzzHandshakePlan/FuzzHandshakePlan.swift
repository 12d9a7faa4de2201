import MeshcertHandshake

/// The handshake plan reader: any text gives checks or an error, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)
    _ = try? HandshakePlan.parse(text, source: "fuzz.yaml", baseDirectory: "/nonexistent",
                                 timeouts: HandshakeTimeouts(), at: 0)
    return 0
}
