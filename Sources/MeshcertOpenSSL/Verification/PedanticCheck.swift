internal import COpenSSL

/// Checks beyond OpenSSL's, where OpenSSL 3.0 is lax (`--pedantic`). Each is a reason code.
public enum PedanticCheck: String, Sendable, CaseIterable, Codable {
    /// RFC 5280 4.1.2.2: a serial number is a positive integer.
    case serialNotPositive = "serial_not_positive"
    /// RFC 5280 4.1.2.2: at most 20 octets.
    case serialTooLong = "serial_too_long"
    /// CA/Browser Forum: a subscriber certificate carries extendedKeyUsage.
    case leafEKUMissing = "leaf_eku_missing"
    /// The leaf's EKU lacks the purpose (serverAuth/clientAuth) or holds anyExtendedKeyUsage.
    case leafEKUNotAllowed = "leaf_eku_not_allowed"
    /// A leaf may not sign certificates.
    case leafKeyCertSign = "leaf_key_cert_sign"
    /// Subscriber keys: RSA from 2048 bits in whole bytes, EC on P-256/P-384/P-521 only.
    case weakSubscriberKey = "weak_subscriber_key"

    /// Every failed check on `chain` (peer first) for `purpose`. Trust anchors are skipped: RFC
    /// 5280 takes only their name and key (a zero serial on an old root is no one's concern).
    /// Without a purpose (scan), the leaf's EKU must allow serverAuth or clientAuth.
    static func run(on chain: [X509Certificate], purpose: VerificationPurpose?, anchors: Set<String>) -> [PedanticFinding] {
        var found: [PedanticFinding] = []
        for (depth, cert) in chain.enumerated() where depth == 0 || !anchors.contains(cert.sha256) {
            func add(_ check: PedanticCheck, _ detail: String) {
                found.append(PedanticFinding(check: check, depth: depth, subject: cert.subjectName, detail: detail))
            }
            if let serial = X509_get0_serialNumber(cert.pointer) {
                let length = Int(ASN1_STRING_length(serial))
                let bytes = ASN1_STRING_get0_data(serial)
                let negative = ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER
                let zero = length == 0 || (0..<length).allSatisfy { bytes?[$0] == 0 }
                if negative || zero {
                    add(.serialNotPositive, "certificate \(depth) has a \(negative ? "negative" : "zero") serial number")
                }
                // DER content octets: the magnitude, plus a leading zero when its top bit is set.
                let octets = length + (!negative && length > 0 && (bytes?[0] ?? 0) & 0x80 != 0 ? 1 : 0)
                if octets > 20 { add(.serialTooLong, "certificate \(depth) has a serial number of \(octets) octets (at most 20)") }
            }
            let flags = X509_get_extension_flags(cert.pointer)
            guard depth == 0, flags & UInt32(EXFLAG_CA) == 0 else { continue }  // leaf checks: end entities only
            if flags & UInt32(EXFLAG_XKUSAGE) == 0 {
                add(.leafEKUMissing, "the leaf has no extendedKeyUsage")
            } else {
                let usage = X509_get_extended_key_usage(cert.pointer)
                let (wanted, names): (Int32, String) = switch purpose {
                case .server: (XKU_SSL_SERVER, "serverAuth")
                case .client: (XKU_SSL_CLIENT, "clientAuth")
                case nil: (XKU_SSL_SERVER | XKU_SSL_CLIENT, "serverAuth or clientAuth")
                }
                if usage & UInt32(XKU_ANYEKU) != 0 {
                    add(.leafEKUNotAllowed, "the leaf's extendedKeyUsage holds anyExtendedKeyUsage")
                } else if usage & UInt32(wanted) == 0 {
                    add(.leafEKUNotAllowed, "the leaf's extendedKeyUsage does not allow \(names)")
                }
            }
            if flags & UInt32(EXFLAG_KUSAGE) != 0, X509_get_key_usage(cert.pointer) & UInt32(KU_KEY_CERT_SIGN) != 0 {
                add(.leafKeyCertSign, "the leaf's keyUsage allows keyCertSign")
            }
            if let pkey = X509_get0_pubkey(cert.pointer) {
                let key = PublicKeyDescription.describe(pkey)
                switch key.type {
                case "RSA" where key.bits < 2048 || key.bits % 8 != 0, "RSA-PSS" where key.bits < 2048 || key.bits % 8 != 0:
                    add(.weakSubscriberKey, "the leaf's key is \(key.type) \(key.bits) (RSA from 2048 bits, in whole bytes)")
                case "EC" where !["P-256", "P-384", "P-521"].contains(key.curve ?? ""):
                    add(.weakSubscriberKey, "the leaf's key is on curve \(key.curve ?? "unknown") (P-256, P-384 or P-521)")
                case "DSA":
                    add(.weakSubscriberKey, "the leaf's key is DSA")
                default: break
                }
            } else {
                OpenSSLErrorQueue.clear()
            }
        }
        return found
    }
}

/// One failed pedantic check.
public struct PedanticFinding: Sendable, Equatable {
    public var check: PedanticCheck
    /// Position in the path (0 = the peer).
    public var depth: Int
    public var subject: String
    public var detail: String
}
