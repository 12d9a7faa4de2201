import MeshcertOpenSSL
import MeshcertSupport

/// Schema `meshcert.scan.v1`: the document of `meshcert scan --format json`. Field names and order
/// are a public contract: properties are declared in the order they are written.
public struct ScanDocument: Codable, Sendable, Equatable {
    public static let schemaName = "meshcert.scan.v1"

    public var schema: String
    public var evaluatedAt: Instant
    public var certificates: [Certificate]
    public var keys: [Key]
    public var notCertificates: [OtherObject]
    public var errors: [ReadError]
    public var summary: Summary

    public init(schema: String = ScanDocument.schemaName, evaluatedAt: Instant, certificates: [Certificate], keys: [Key],
                notCertificates: [OtherObject], errors: [ReadError], summary: Summary) {
        self.schema = schema
        self.evaluatedAt = evaluatedAt
        self.certificates = certificates
        self.keys = keys
        self.notCertificates = notCertificates
        self.errors = errors
        self.summary = summary
    }

    /// meshcert.scan.v1 `certificates[]`: one distinct certificate.
    public struct Certificate: Codable, Sendable, Equatable {
        public var sha256: String
        public var subject: String
        public var subjectCommonName: String?
        public var issuer: String
        public var issuerCommonName: String?
        public var serial: String
        public var notBefore: Instant
        public var notAfter: Instant
        /// Rounded to 3 decimals, as written.
        public var validityDays: Double
        public var keyType: String
        public var keyBits: Int
        public var curve: String?
        public var signatureAlgorithm: String
        public var isCA: Bool
        public var pathLength: Int?
        public var selfSigned: Bool
        public var dnsNames: [String]
        public var ipAddresses: [String]
        public var uris: [String]
        public var emails: [String]
        public var keyUsage: [String]
        public var extendedKeyUsage: [String]
        public var subjectKeyIdentifier: String?
        public var authorityKeyIdentifier: String?
        public var publicKeySha256: String
        public var usageMode: UsageMode?
        public var status: ValidityStatus
        public var locations: [Location]
        public var chain: Chain
        public var keyPaths: [String]
        public var findings: [Finding]
    }

    /// meshcert.scan.v1 `certificates[].locations[]`: a file holding the certificate.
    public struct Location: Codable, Sendable, Equatable {
        public var path: String
        public var format: CertificateFormat
        public var index: Int
    }

    /// meshcert.scan.v1 `certificates[].chain`: the issuer found and the trust verdict.
    public struct Chain: Codable, Sendable, Equatable {
        public var issuerSha256: String?
        public var complete: Bool
        public var trusted: Bool?
        public var trustError: String?
        /// OpenSSL's result name (`X509_V_OK`, `X509_V_ERR_CERT_HAS_EXPIRED`...); null without --trust.
        public var trustCode: String?
        /// `compatible` or `strict` (`--verify-profile`); null without --trust.
        public var profile: VerificationPolicy.Profile?
    }

    /// meshcert.scan.v1 `certificates[].findings[]` and `keys[].findings[]`.
    public struct Finding: Codable, Sendable, Equatable {
        public var code: String
        public var severity: Severity
        public var message: String
    }

    /// meshcert.scan.v1 `keys[]`: a private key file.
    public struct Key: Codable, Sendable, Equatable {
        public var path: String
        /// PEM, DER or PKCS12.
        public var format: String
        public var keyType: String?
        public var keyBits: Int?
        public var curve: String?
        public var encrypted: Bool
        public var publicKeySha256: String?
        public var matches: [String]
        public var findings: [Finding]
    }

    /// meshcert.scan.v1 `notCertificates[]`: a recognised object that is not a certificate.
    public struct OtherObject: Codable, Sendable, Equatable {
        public var path: String
        public var kind: String
    }

    /// meshcert.scan.v1 `errors[]`: a file that could not be read.
    public struct ReadError: Codable, Sendable, Equatable {
        public var path: String
        public var code: String
        public var message: String
    }

    /// meshcert.scan.v1 `summary`: counts; `findings` by code, written in code order.
    public struct Summary: Codable, Sendable, Equatable {
        public var files: Int
        public var skipped: Int
        public var certificates: Int
        public var errors: Int
        public var locations: Int
        public var keys: Int
        public var generalPurpose: Int
        public var shortLived: Int
        public var certificateAuthorities: Int
        public var findings: [String: Int]

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(files, forKey: .files)
            try c.encode(skipped, forKey: .skipped)
            try c.encode(certificates, forKey: .certificates)
            try c.encode(errors, forKey: .errors)
            try c.encode(locations, forKey: .locations)
            try c.encode(keys, forKey: .keys)
            try c.encode(generalPurpose, forKey: .generalPurpose)
            try c.encode(shortLived, forKey: .shortLived)
            try c.encode(certificateAuthorities, forKey: .certificateAuthorities)
            var byCode = c.nestedContainer(keyedBy: AnyKey.self, forKey: .findings)
            for code in findings.keys.sorted() { try byCode.encode(findings[code]!, forKey: AnyKey(code)) }
        }
    }
}

extension CertificateFormat: Codable {}
extension UsageMode: Codable {}
extension ValidityStatus: Codable {}
extension Severity: Codable {}

// MARK: building from an inventory

extension ScanDocument {
    /// The document of a scan.
    public init(_ inv: Inventory) {
        var copy = inv
        self.init(taking: &copy)
    }

    /// The document of a scan, taking the inventory's certificate entries (left empty) instead
    /// of copying them: `meshcert scan` has no further use for them, and a copy costs a retain
    /// and a release of every field of every entry.
    public init(taking inv: inout Inventory) {
        var byCode: [String: Int] = [:]
        var generalPurpose = 0, shortLived = 0, authorities = 0
        inv.certificates.withUnsafeBufferPointer { entries in   // read in place, no copy of each entry
            for c in entries.indices {
                for f in entries[c].findings { byCode[f.code, default: 0] += 1 }
                if entries[c].usageMode == .generalPurpose { generalPurpose += 1 }
                if entries[c].usageMode == .shortLived { shortLived += 1 }
                if entries[c].details.isCA { authorities += 1 }
            }
        }
        for k in inv.keys { for f in k.findings { byCode[f.code, default: 0] += 1 } }
        var entries = inv.certificates
        inv.certificates = []
        var certificates: [Certificate] = []
        certificates.reserveCapacity(entries.count)
        while let e = entries.popLast() { certificates.append(Certificate(e)) }   // moved out, last first
        certificates.reverseInPlace()
        self.init(
            evaluatedAt: Instant(inv.evaluatedAt),
            certificates: certificates,
            keys: inv.keys.map(Key.init),
            notCertificates: inv.notCertificates.map { OtherObject(path: $0.path, kind: $0.kind) },
            errors: inv.errors.map { ReadError(path: $0.file, code: $0.code, message: $0.message) },
            summary: Summary(files: inv.summary.files, skipped: inv.summary.skipped, certificates: inv.summary.certificates,
                             errors: inv.summary.errors, locations: inv.summary.locations, keys: inv.summary.keys,
                             generalPurpose: generalPurpose, shortLived: shortLived,
                             certificateAuthorities: authorities,
                             findings: byCode))
    }
}

extension ScanDocument.Certificate {
    public init(_ e: consuming CertificateEntry) {
        let d = e.details
        self.init(
            sha256: e.sha256, subject: d.subject, subjectCommonName: d.subjectCommonName, issuer: d.issuer,
            issuerCommonName: d.issuerCommonName, serial: d.serial, notBefore: Instant(d.notBefore), notAfter: Instant(d.notAfter),
            validityDays: (d.validityDays * 1000).rounded() / 1000, keyType: d.keyType, keyBits: d.keyBits, curve: d.curve,
            signatureAlgorithm: d.signatureAlgorithm, isCA: d.isCA, pathLength: d.pathLength, selfSigned: d.selfSigned,
            dnsNames: d.dnsNames, ipAddresses: d.ipAddresses, uris: d.uris, emails: d.emails, keyUsage: d.keyUsage,
            extendedKeyUsage: d.extendedKeyUsage, subjectKeyIdentifier: d.subjectKeyIdentifier,
            authorityKeyIdentifier: d.authorityKeyIdentifier, publicKeySha256: d.publicKeySHA256, usageMode: e.usageMode,
            status: e.status, locations: e.locations.map { ScanDocument.Location(path: $0.path, format: $0.format, index: $0.index) },
            chain: ScanDocument.Chain(issuerSha256: e.chain.issuerSHA256, complete: e.chain.complete, trusted: e.chain.trusted,
                                      trustError: e.chain.trustError, trustCode: e.chain.trustCode, profile: e.chain.profile),
            keyPaths: e.keyPaths, findings: e.findings.map(ScanDocument.Finding.init))
    }
}

extension ScanDocument.Finding {
    public init(_ f: MeshcertInventory.Finding) { self.init(code: f.code, severity: f.severity, message: f.message) }
}

extension ScanDocument.Key {
    public init(_ k: KeyEntry) {
        self.init(path: k.path, format: k.format, keyType: k.info.keyType, keyBits: k.info.keyBits, curve: k.info.curve,
                  encrypted: k.info.encrypted, publicKeySha256: k.info.publicKeySHA256, matches: k.matches,
                  findings: k.findings.map(ScanDocument.Finding.init))
    }
}

// MARK: writing

extension ScanDocument {
    /// The JSON tree: the same tree as `JSONValueEncoder().encode(self)` (ScanDocumentTests
    /// checks it), with the lists that grow with the input (certificates, keys, other objects,
    /// errors) built directly: the Codable encoder appends array items in quadratic time.
    public func json() -> JSON { .object(fields(certificates: .array(certificates.map { $0.json() }))) }

    /// The top-level fields, `certificates` given.
    private func fields(certificates: JSON) -> [(String, JSON)] {
        var skeleton = self
        skeleton.certificates = []
        skeleton.keys = []
        skeleton.notCertificates = []
        skeleton.errors = []
        // Nothing in the document throws while encoding (no custom failure paths).
        guard case .object(var fields) = try! JSONValueEncoder().encode(skeleton) else { return [] }
        for i in fields.indices {
            switch fields[i].0 {
            case CodingKeys.certificates.stringValue: fields[i].1 = certificates
            case CodingKeys.keys.stringValue: fields[i].1 = .array(keys.map { $0.json() })
            case CodingKeys.notCertificates.stringValue:
                fields[i].1 = .array(notCertificates.map { .object([("path", .string($0.path)), ("kind", .string($0.kind))]) })
            case CodingKeys.errors.stringValue:
                fields[i].1 = .array(errors.map { .object([("path", .string($0.path)), ("code", .string($0.code)), ("message", .string($0.message))]) })
            default: break
            }
        }
        return fields
    }

    /// The rendered document with its final newline, as `meshcert scan --format json` prints it.
    public func render() -> String {
        var out = OutputBuffer()
        write(into: &out)
        return out.string
    }

    /// The rendered document (with its final newline) appended to `out`: each certificate is
    /// written straight into the bytes by `Certificate.write(into:indent:)`, the same text as
    /// its `json()` tree (ScanDocumentTests compares them), without building the tree. A
    /// streaming buffer spills after each certificate.
    public func write(into out: inout OutputBuffer) {
        out.reserve(4096 + certificates.count * 1800)
        let fields = fields(certificates: .array([]))
        out.literal("{")
        for (n, (key, value)) in fields.enumerated() {
            out.text(n == 0 ? "\n  " : ",\n  ")
            out.jsonString(key)
            out.literal(": ")
            if key == CodingKeys.certificates.stringValue && !certificates.isEmpty {
                out.literal("[")
                // Through the buffer: each entry is read in place (Array's subscript copied it).
                certificates.withUnsafeBufferPointer { entries in
                    for i in entries.indices {
                        out.text(i == 0 ? "\n    " : ",\n    ")
                        entries[i].write(into: &out, indent: 4)
                        out.spill()
                    }
                }
                out.literal("\n  ]")
            } else {
                value.write(into: &out.bytes, pretty: true, indent: 2)
                out.spill()
            }
        }
        out.text(fields.isEmpty ? "}\n" : "\n}\n")
    }
}

extension ScanDocument.Key {
    /// This key as a JSON tree, equal to `JSONValueEncoder().encode(self)`.
    public func json() -> JSON {
        .object([
            ("path", .string(path)),
            ("format", .string(format)),
            ("keyType", .string(keyType)),
            ("keyBits", keyBits.map { .int($0) } ?? .null),
            ("curve", .string(curve)),
            ("encrypted", .bool(encrypted)),
            ("publicKeySha256", .string(publicKeySha256)),
            ("matches", .strings(matches)),
            ("findings", .array(findings.map { $0.json() })),
        ])
    }
}

extension ScanDocument.Finding {
    func json() -> JSON {
        .object([("code", .string(code)), ("severity", .string(severity.rawValue)), ("message", .string(message))])
    }
}

extension ScanDocument.Certificate {
    /// The entry as a JSON tree, built directly: equal to `JSONValueEncoder().encode(self)`
    /// (ScanDocumentTests checks every certificate of the corpus), about ten times faster on a
    /// 20,000-certificate inventory.
    public func json() -> JSON {
        .object([
            ("sha256", .string(sha256)),
            ("subject", .string(subject)),
            ("subjectCommonName", .string(subjectCommonName)),
            ("issuer", .string(issuer)),
            ("issuerCommonName", .string(issuerCommonName)),
            ("serial", .string(serial)),
            ("notBefore", .string(notBefore.description)),
            ("notAfter", .string(notAfter.description)),
            ("validityDays", .double(validityDays)),
            ("keyType", .string(keyType)),
            ("keyBits", .int(keyBits)),
            ("curve", .string(curve)),
            ("signatureAlgorithm", .string(signatureAlgorithm)),
            ("isCA", .bool(isCA)),
            ("pathLength", pathLength.map { .int($0) } ?? .null),
            ("selfSigned", .bool(selfSigned)),
            ("dnsNames", .strings(dnsNames)),
            ("ipAddresses", .strings(ipAddresses)),
            ("uris", .strings(uris)),
            ("emails", .strings(emails)),
            ("keyUsage", .strings(keyUsage)),
            ("extendedKeyUsage", .strings(extendedKeyUsage)),
            ("subjectKeyIdentifier", .string(subjectKeyIdentifier)),
            ("authorityKeyIdentifier", .string(authorityKeyIdentifier)),
            ("publicKeySha256", .string(publicKeySha256)),
            ("usageMode", .string(usageMode?.rawValue)),
            ("status", .string(status.rawValue)),
            ("locations", .array(locations.map {
                .object([("path", .string($0.path)), ("format", .string($0.format.rawValue)), ("index", .int($0.index))])
            })),
            ("chain", .object([
                ("issuerSha256", .string(chain.issuerSha256)),
                ("complete", .bool(chain.complete)),
                ("trusted", chain.trusted.map(JSON.bool) ?? .null),
                ("trustError", .string(chain.trustError)),
                ("trustCode", .string(chain.trustCode)),
                ("profile", .string(chain.profile?.rawValue)),
            ])),
            ("keyPaths", .strings(keyPaths)),
            ("findings", .array(findings.map { $0.json() })),
        ])
    }
}
