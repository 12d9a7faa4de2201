import MeshcertInventory
import MeshcertOpenSSL

/// Feeds arbitrary bytes to the scan's content recognition (PEM, DER, PKCS#7, PKCS#12, keys)
/// under two names (one that claims certificate material, one that does not), and checks the
/// fast DER reader against OpenSSL's full decoder: whenever both accept, they must agree.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    for name in ["input.pem", "input.txt"] {
        let result = FileInspection.inspect(bytes: bytes, name: name, passwords: ["s3cret-p12"])
        precondition(result.parsed.count == result.certificates.count)
        for e in result.errors { precondition(!e.code.isEmpty && !e.message.contains("s3cret-p12")) }
    }
    if let (fast, _) = FastCertificateReader.read(der: bytes), let full = try? X509Certificate(der: bytes) {
        precondition(FastCertificateReader.agrees(fast, with: full.details(), extensionsValid: full.extensionsAreValid),
                     "fast reader and OpenSSL disagree")
    }
    OpenSSLErrorQueue.clear()
    return 0
}
