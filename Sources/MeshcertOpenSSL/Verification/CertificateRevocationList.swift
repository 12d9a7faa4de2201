internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// Owns one OpenSSL `X509_CRL`, read from a PEM (one or more) or DER file.
final class CertificateRevocationList {
    let pointer: OpaquePointer

    private init(_ crl: OpaquePointer) { pointer = crl }

    deinit { X509_CRL_free(pointer) }

    /// Every CRL in `path`. Fails naming the file when it holds none or cannot be read.
    static func load(path: String) throws(VerificationSetupError) -> [CertificateRevocationList] {
        guard let bytes = FileBytes.read(path) else {
            throw VerificationSetupError(file: path, message: "cannot read CRL file: \(String(cString: strerror(errno)))")
        }
        let bio: MemoryBIO
        do { bio = try bytes.withUnsafeBytes { raw throws(OpenSSLError) in try MemoryBIO(bytes: raw) } }
        catch { throw VerificationSetupError(file: path, message: "cannot read CRL file: \(error)") }
        var crls: [CertificateRevocationList] = []
        while let crl = PEM_read_bio_X509_CRL(bio.pointer, nil, nil, nil) { crls.append(.init(crl)) }
        OpenSSLErrorQueue.clear()  // the end of the PEM stream is reported as an error
        if crls.isEmpty {
            var cursor: UnsafePointer<UInt8>?
            let der = bytes.withUnsafeBufferPointer { buffer -> OpaquePointer? in
                cursor = buffer.baseAddress
                return d2i_X509_CRL(nil, &cursor, buffer.count)
            }
            if let der { crls.append(.init(der)) }
            let error = OpenSSLError.drain("d2i_X509_CRL")
            if crls.isEmpty {
                throw VerificationSetupError(file: path, message: "no CRL in this file (PEM or DER X509 CRL expected)"
                                             + (error.reason.map { ": \($0)" } ?? ""))
            }
        }
        return crls
    }
}

/// A verification input that cannot be used (an unreadable CRL file), naming the file.
extension VerificationPolicy {
    /// Reads every CRL file once, so that a config can refuse a bad one when it is loaded
    /// rather than at the first probe.
    public func checkCRLFiles() throws(VerificationSetupError) {
        for file in crlFiles { _ = try CertificateRevocationList.load(path: file) }
    }
}

public struct VerificationSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var message: String
    public var description: String { "\(file): \(message)" }
}

enum FileBytes {
    /// The whole file, or nil with `errno` set.
    static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if n < buffer.count { break }
        }
        return ferror(file) != 0 ? nil : bytes
    }
}
