import MeshcertOpenSSL
import MeshcertSupport

/// Every finding meshcert scan can report: stable codes (a public contract for `--fail-on`),
/// a severity, and a message that says what to do.
public enum Findings {
    public static let codes: [String: Severity] = [
        "expired": .error, "not_yet_valid": .error, "expiring_soon": .warning,
        "weak_key": .error, "weak_signature": .error, "no_san": .warning,
        "mtls_client_certificate": .warning, "self_signed_leaf": .warning,
        "incomplete_chain": .warning, "untrusted_chain": .error, "strict_validation_failed": .warning,
        "unmatched_key": .warning,
        "unsupported_key_algorithm": .info, "encrypted_key": .info,
    ]

    static func forCertificate(_ e: CertificateEntry, evaluatedAt: EpochSeconds) -> [Finding] {
        let d = e.details
        var out: [Finding] = []
        func add(_ code: String, _ message: String) { out.append(Finding(code: code, severity: codes[code]!, message: message)) }
        let name = d.subjectCommonName ?? d.subject

        switch e.status {
        case .expired:
            add("expired", "expired \(DurationText.format(evaluatedAt - d.notAfter)) ago (notAfter \(Timestamp.format(d.notAfter))): renew or remove it")
        case .notYetValid:
            add("not_yet_valid", "valid only from \(Timestamp.format(d.notBefore)): check the issuer's clock or backdating")
        case .expiringSoon:
            add("expiring_soon",
                "\(DurationText.format(d.notAfter - evaluatedAt)) left (notAfter \(Timestamp.format(d.notAfter))): renew now"
                + (e.usageMode == .shortLived ? "; a short-lived certificate this close to expiry missed its renewal" : ""))
        case .valid: break
        }

        if let weak = weakKey(d) { add("weak_key", weak) }
        if !(d.selfSigned && d.isCA), weakSignature(d.signatureAlgorithm) {
            add("weak_signature", "signed with \(d.signatureAlgorithm): reissue with SHA-256 or better")
        }
        if d.isCA { return out + chainFindings(e) }

        if d.dnsNames.isEmpty && d.ipAddresses.isEmpty && d.uris.isEmpty {
            add("no_san", "no subjectAltName: TLS clients ignore the common name \"\(name)\"; reissue with DNS SANs")
        }
        if d.extendedKeyUsage.contains("clientAuth") {
            add("mtls_client_certificate", "clientAuth certificate: used for mutual TLS, which Service Connect does not offer; plan authorization without client certificates")
        }
        if d.selfSigned {
            add("self_signed_leaf", "self-signed end-entity certificate: clients can only trust it by pinning; issue it from a Private CA")
        }
        let issuable = (d.keyType == "EC" && d.curve == "P-256") || (d.keyType == "RSA" && d.keyBits == 2048)
        if !issuable {
            let key = d.keyType + (d.curve.map { " " + $0 } ?? " \(d.keyBits)")
            add("unsupported_key_algorithm", "\(key) key: Service Connect's CA issues ECDSA P-256 and RSA 2048 only; clients pinned to this key type will see a different one")
        }
        return out + chainFindings(e)
    }

    private static func chainFindings(_ e: CertificateEntry) -> [Finding] {
        var out: [Finding] = []
        if !e.chain.complete && !e.details.selfSigned {
            out.append(Finding(code: "incomplete_chain", severity: .warning,
                message: "issuer \"\(e.details.issuerCommonName ?? e.details.issuer)\" not found among the scanned certificates: add the missing intermediate or root, or pass --trust"))
        }
        if e.chain.trusted == false {
            out.append(Finding(code: "untrusted_chain", severity: .error,
                message: "does not verify to a --trust anchor: \(e.chain.trustError ?? "verification failed")"))
        }
        if let strict = e.chain.strictError {
            out.append(Finding(code: "strict_validation_failed", severity: .warning,
                message: "trusted under the compatible profile, but --verify-profile strict rejects it: \(strict)"))
        }
        return out
    }

    /// MD5 or SHA-1 by the algorithm's name (OpenSSL's long name: `md5WithRSAEncryption`,
    /// `ecdsa-with-SHA1`...), any case: one pass over the bytes, no lowercased copy.
    static func weakSignature(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { u in
            func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
            func at(_ i: Int, _ word: StaticString) -> Bool {
                let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
                guard i + w.count <= u.count else { return false }
                for k in 0..<w.count where lower(u[i + k]) != w[k] { return false }
                return true
            }
            for i in 0..<u.count where lower(u[i]) == UInt8(ascii: "m") || lower(u[i]) == UInt8(ascii: "s") {
                if at(i, "md5") || at(i, "sha1") { return true }
            }
            return false
        }
    }

    static func weakKey(_ d: CertificateDetails) -> String? {
        switch d.keyType {
        case "RSA", "RSA-PSS", "DSA":
            return d.keyBits < 2048 ? "\(d.keyType) \(d.keyBits)-bit key: use RSA 2048+ or ECDSA P-256" : nil
        case "EC":
            return d.keyBits < 256 ? "EC \(d.keyBits)-bit key: use P-256 or stronger" : nil
        default:
            return nil
        }
    }

    static func forKey(_ k: KeyEntry) -> [Finding] {
        if k.info.encrypted {
            return [Finding(code: "encrypted_key", severity: .info,
                message: "encrypted private key: recognised without a password, so it cannot be paired with a certificate")]
        }
        if k.matches.isEmpty {
            return [Finding(code: "unmatched_key", severity: .warning,
                message: "no scanned certificate carries this key's public half: a leftover key, or its certificate is elsewhere")]
        }
        return []
    }
}
