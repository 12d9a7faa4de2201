import MeshcertSupport
import MeshcertOpenSSL

/// What `meshcert scan` recognises in one file's bytes, without touching the file system:
/// the entry point for fuzzing the loaders and for tools that already hold the bytes.
public struct FileInspection: Sendable {
    /// SHA-256 and location of every certificate found (not parsed yet).
    public var certificates: [(sha256: String, location: Location)]
    /// Every certificate found, parsed as the scan parses it (fast reader, else OpenSSL), or
    /// OpenSSL's reason for rejecting it.
    public var parsed: [Result<CertificateDetails, OpenSSLError>]
    public var keys: [KeyEntry]
    public var others: [OtherObject]
    public var errors: [Diagnostic]
    public var skipped: Bool

    /// Inspects `bytes` as if they were the content of a file called `name` (the name only
    /// decides whether a file without certificate material is an error or skipped).
    public static func inspect(bytes: [UInt8], name: String, passwords: [String] = []) -> FileInspection {
        let reader = FileContentsReader(passwords: passwords, maxFileSize: Int.max)
        let c = reader.read(bytes: bytes, path: name)
        return FileInspection(
            certificates: c.certificates.map { ($0.sha256, $0.location) },
            parsed: c.certificates.map { found in ParsedCertificate.parse(found.der).map(\.details) },
            keys: c.keys, others: c.others, errors: c.errors, skipped: c.skipped)
    }
}
