import MeshcertOpenSSL

/// Differential target: arbitrary bytes as the DER of an X.509 Name. Whenever the Swift name
/// reader accepts them, OpenSSL must decode them too and print the same RFC 2253 text and CN.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let swift = DistinguishedNameText.read(der: bytes) {
        guard let openSSL = DistinguishedNameText.openSSL(der: bytes) else {
            preconditionFailure("the Swift name reader accepts a Name OpenSSL rejects")
        }
        precondition(swift.text == openSSL.text, "RFC 2253 text differs: \(swift.text) vs \(openSSL.text)")
        precondition(swift.commonName == openSSL.commonName, "CN differs")
    }
    OpenSSLErrorQueue.clear()
    return 0
}
