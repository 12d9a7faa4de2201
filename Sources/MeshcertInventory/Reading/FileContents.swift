import MeshcertSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MeshcertOpenSSL

/// A certificate found in a file, hashed but not parsed yet (parsing happens once per
/// distinct certificate, after deduplication).
struct FoundCertificate {
    var der: [UInt8]
    var sha256: String
    var location: Location
}

/// What one file contributed to the inventory.
struct FileContents {
    var certificates: [FoundCertificate] = []
    var keys: [KeyEntry] = []
    var others: [OtherObject] = []
    var errors: [Diagnostic] = []
    /// A file with no certificate material that did not claim any (README.md, a script...).
    var skipped = false
    /// Over --max-file-size when opened: not read (a walker problem, not a file read).
    var overSizeLimit = false
}

/// Reads one file and recognises its content: PEM (any blocks), DER certificate, PKCS#7,
/// PKCS#12, private keys, and other PEM objects. Never by file name; the name only decides
/// whether a file without certificate material is an error (it claims to hold some) or skipped.
struct FileContentsReader {
    var passwords: [String]
    var maxFileSize: Int

    static let claimingExtensions: Set<String> = ["pem", "crt", "cer", "der", "p7b", "p7c", "p12", "pfx", "key"]

    static func claimsCertificateMaterial(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return claimingExtensions.contains(path[path.index(after: dot)...].lowercased())
    }

    func read(path: String) -> FileContents {
        read(FilePath(path))
    }

    func read(_ filePath: FilePath) -> FileContents {
        let path = filePath.display
        var result = FileContents()
        let bytes: [UInt8]
        switch Self.load(filePath, limit: maxFileSize) {
        case .success(let b): bytes = b
        case .failure(let failure):
            result.errors.append(failure.diagnostic)
            result.overSizeLimit = failure.overSizeLimit
            return result
        }
        return read(bytes: bytes, path: path)
    }

    /// Recognises already-loaded bytes as the content of the file `path`.
    func read(bytes: [UInt8], path: String) -> FileContents {
        var result = FileContents()
        let claims = Self.claimsCertificateMaterial(path)
        if bytes.isEmpty {
            if claims { result.errors.append(Diagnostic(file: path, code: "empty_file", message: "the file is empty")) }
            else { result.skipped = true }
            return result
        }
        if PEMDocument.hasArmor(bytes) {
            readPEM(bytes, path: path, into: &result)
        } else {
            readDER(bytes, path: path, claims: claims, into: &result)
        }
        return result
    }

    // MARK: PEM

    private func readPEM(_ bytes: [UInt8], path: String, into result: inout FileContents) {
        let (blocks, error) = PEMDocument.blocks(in: bytes)
        var certificateIndex = 0
        var badBlocks: [Int] = []   // reported once per file, however many there are
        for (blockIndex, block) in blocks.enumerated() {
            switch block.label {
            case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE":
                // TRUSTED CERTIFICATE appends OpenSSL trust settings after the certificate.
                guard DERSniffer.classify(block.der) == .certificate, let length = DERSniffer.outerLength(block.der),
                      block.label == "TRUSTED CERTIFICATE" || length == block.der.count else {
                    badBlocks.append(blockIndex + 1)
                    continue
                }
                let der = length == block.der.count ? block.der : Array(block.der.prefix(length))  // no second copy
                result.certificates.append(FoundCertificate(der: der, sha256: Digest.sha256Hex(der),
                    location: Location(path: path, format: .pem, index: certificateIndex)))
                certificateIndex += 1
            case "PKCS7", "PKCS #7 SIGNED DATA", "CMS":
                readPKCS7(block.der, path: path, into: &result)
            case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY":
                if block.headers["Proc-Type"]?.contains("ENCRYPTED") == true {
                    result.keys.append(key(path, "PEM", .encryptedKey))
                    continue
                }
                let parsed = bytes[block.armored].withUnsafeBytes { raw in
                    Result { () throws(OpenSSLError) in try PrivateKeyReader.read(pem: raw) }
                }
                switch parsed {
                case .success(let info): result.keys.append(key(path, "PEM", info))
                case .failure(let e):
                    result.errors.append(Diagnostic(file: path, code: "invalid_key",
                        message: "PEM block \(blockIndex + 1) (\(block.label)) is not a readable private key: \(e.reason ?? "decode error")"))
                }
            case "ENCRYPTED PRIVATE KEY":
                result.keys.append(key(path, "PEM", .encryptedKey))
            default:
                result.others.append(OtherObject(path: path, kind: Self.otherKind(block.label)))
            }
        }
        if let first = badBlocks.first {
            let more = badBlocks.count > 1 ? " (and \(badBlocks.count - 1) more blocks)" : ""
            result.errors.append(Diagnostic(file: path, code: "invalid_certificate",
                message: "PEM block \(first) (CERTIFICATE) does not hold a DER certificate" + more))
        }
        if let error {
            switch error {
            case .truncated(let label):
                result.errors.append(Diagnostic(file: path, code: "truncated_pem",
                    message: "BEGIN \(label) without a matching END line: the file is cut short"))
            case .invalidBase64(let label):
                result.errors.append(Diagnostic(file: path, code: "invalid_base64",
                    message: "the body of a \(label) block is not valid base64"))
            case .mismatchedLabels(let begin, let end):
                result.errors.append(Diagnostic(file: path, code: "invalid_pem",
                    message: "BEGIN \(begin) is closed by END \(end)"))
            }
        }
    }

    static func otherKind(_ label: String) -> String {
        switch label {
        case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST": return "csr"
        case "X509 CRL": return "crl"
        case "PUBLIC KEY", "RSA PUBLIC KEY": return "public_key"
        case "DH PARAMETERS", "X9.42 DH PARAMETERS": return "dh_parameters"
        case "EC PARAMETERS": return "ec_parameters"
        case "DSA PARAMETERS": return "dsa_parameters"
        case "OPENSSH PRIVATE KEY": return "openssh_private_key"
        default: return "pem:" + label.lowercased().replacingOccurrences(of: " ", with: "_")
        }
    }

    // MARK: DER

    private func readDER(_ bytes: [UInt8], path: String, claims: Bool, into result: inout FileContents) {
        switch DERSniffer.classify(bytes) {
        case .certificate:
            guard let length = DERSniffer.outerLength(bytes) else {
                result.errors.append(Diagnostic(file: path, code: "truncated_der", message: Self.cutMessage(bytes)))
                return
            }
            let der = length == bytes.count ? bytes : Array(bytes.prefix(length))
            result.certificates.append(FoundCertificate(der: der, sha256: Digest.sha256Hex(der),
                location: Location(path: path, format: .der, index: 0)))
        case .pkcs7:
            readPKCS7(bytes, path: path, into: &result)
        case .pkcs12:
            readPKCS12(bytes, path: path, into: &result)
        case .privateKey:
            let parsed = bytes.withUnsafeBytes { raw in
                Result { () throws(OpenSSLError) in try PrivateKeyReader.read(der: raw) }
            }
            switch parsed {
            case .success(let info): result.keys.append(key(path, "DER", info))
            case .failure(let e):
                result.errors.append(Diagnostic(file: path, code: DERSniffer.isCut(bytes) ? "truncated_der" : "invalid_key",
                    message: "not a readable DER private key: \(e.reason ?? "decode error")"))
            }
        case .encryptedPrivateKey:
            result.keys.append(key(path, "DER", .encryptedKey))
        case .csr: result.others.append(OtherObject(path: path, kind: "csr"))
        case .crl: result.others.append(OtherObject(path: path, kind: "crl"))
        case .publicKey: result.others.append(OtherObject(path: path, kind: "public_key"))
        case .unknown:
            if DERSniffer.isCut(bytes) && claims {
                result.errors.append(Diagnostic(file: path, code: "truncated_der", message: Self.cutMessage(bytes)))
            } else if claims {
                result.errors.append(Diagnostic(file: path, code: "no_certificate_material",
                    message: "the name suggests certificate material but the content is neither PEM nor a known DER structure"))
            } else {
                result.skipped = true
            }
        }
    }

    private static func cutMessage(_ bytes: [UInt8]) -> String {
        if let e = DERSniffer.outerHeader(bytes) {
            return "DER structure declares \(e.total) bytes but the file has \(bytes.count): the file is cut short"
        }
        return "DER header is cut short"
    }

    private func readPKCS7(_ der: [UInt8], path: String, into result: inout FileContents) {
        // Hash first: slice the certificates out of the structure; OpenSSL decodes each distinct
        // one later. Only a structure that does not walk goes to OpenSSL now, for its reason.
        if let certificates = DERSniffer.pkcs7Certificates(der) {
            let start = result.certificates.count
            for (i, c) in certificates.enumerated() {
                result.certificates.append(FoundCertificate(der: c, sha256: Digest.sha256Hex(c),
                    location: Location(path: path, format: .pkcs7, index: start + i)))
            }
            return
        }
        let parsed = der.withUnsafeBytes { raw in
            Result { () throws(OpenSSLError) in try PKCS7Bundle.certificates(der: raw) }
        }
        switch parsed {
        case .success(let certificates):
            let start = result.certificates.count
            for (i, c) in certificates.enumerated() {
                result.certificates.append(FoundCertificate(der: c, sha256: Digest.sha256Hex(c),
                    location: Location(path: path, format: .pkcs7, index: start + i)))
            }
        case .failure(let e):
            result.errors.append(Diagnostic(file: path, code: DERSniffer.isCut(der) ? "truncated_der" : "invalid_pkcs7",
                message: "not a readable PKCS#7 structure: \(e.reason ?? e.messages.last ?? "decode error")"))
        }
    }

    private func readPKCS12(_ der: [UInt8], path: String, into result: inout FileContents) {
        let outcome = der.withUnsafeBytes { PKCS12Archive.open(der: $0, passwords: passwords) }
        switch outcome {
        case .opened(let certificates, let keyInfo):
            for (i, c) in certificates.enumerated() {
                result.certificates.append(FoundCertificate(der: c, sha256: Digest.sha256Hex(c),
                    location: Location(path: path, format: .pkcs12, index: i)))
            }
            if let keyInfo { result.keys.append(key(path, "PKCS12", keyInfo)) }
        case .wrongPassword(let tried):
            result.errors.append(Diagnostic(file: path, code: "pkcs12_wrong_password",
                message: "none of the \(tried) candidate password(s) opened it (the empty password, then --pkcs12-password-file lines or MESHCERT_PKCS12_PASSWORD)"))
        case .unsupportedAlgorithm(let detail):
            result.errors.append(Diagnostic(file: path, code: "pkcs12_unsupported", message: detail))
        case .invalid(let e):
            result.errors.append(Diagnostic(file: path, code: DERSniffer.isCut(der) ? "truncated_der" : "invalid_pkcs12",
                message: "not a readable PKCS#12 file: \(e.reason ?? "decode error")"))
        }
    }

    private func key(_ path: String, _ format: String, _ info: PrivateKeyInfo) -> KeyEntry {
        KeyEntry(path: path, format: format, info: info, matches: [], findings: [])
    }

    // MARK: file access

    struct LoadFailure: Error {
        var diagnostic: Diagnostic
        /// Over --max-file-size at open: the walker's own check, left to the reader (no read).
        var overSizeLimit = false
    }

    /// Reads at most `limit` bytes. O_NONBLOCK: a file swapped for a FIFO after the walk can
    /// never block the scan.
    static func load(_ filePath: FilePath, limit: Int) -> Result<[UInt8], LoadFailure> {
        var path: String { filePath.display }   // only for a failure: no String per file read
        let fd = filePath.withCString { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }
        guard fd >= 0 else {
            let code = errno == EACCES ? "permission_denied" : "unreadable"
            return .failure(LoadFailure(diagnostic: Diagnostic(file: path, code: code, message: "cannot open: \(String(cString: strerror(errno)))")))
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            // Named where a file is expected (--trust DIR, `verify /dev/null`), or swapped after the walk.
            return .failure(LoadFailure(diagnostic: Diagnostic(file: path, code: "not_regular_file",
                                                               message: "a \(FileWalker.kindName(st.st_mode) ?? "special file"), not a regular file; not read")))
        }
        let expected = Int(st.st_size)
        guard expected <= limit else {
            return .failure(LoadFailure(diagnostic: Diagnostic(file: path, code: "file_too_large", message: "\(expected) bytes is over --max-file-size (\(limit) bytes); not read"), overSizeLimit: true))
        }
        var buffer = [UInt8](repeating: 0, count: expected + 1)
        var total = 0
        while total < buffer.count {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + total, $0.count - total) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(LoadFailure(diagnostic: Diagnostic(file: path, code: "unreadable", message: "read failed: \(String(cString: strerror(errno)))")))
            }
            if n == 0 { break }
            total += n
            // A short read that reached the size fstat gave is the end of a regular file: no
            // second read to see 0 bytes.
            if total == expected { break }
        }
        guard total <= limit else {
            return .failure(LoadFailure(diagnostic: Diagnostic(file: path, code: "file_too_large", message: "grew over --max-file-size (\(limit) bytes) while being read; not read")))
        }
        buffer.removeLast(buffer.count - total)
        return .success(buffer)
    }
}
