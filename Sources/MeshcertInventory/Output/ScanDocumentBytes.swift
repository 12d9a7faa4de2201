import MeshcertSupport

// `meshcert scan --format json` written straight into bytes: the same text as
// `json().write(into:pretty:indent:)` (ScanDocumentTests compares them on the corpus), without
// building a JSON tree per certificate.

extension ScanDocument.Certificate {
    /// Appends this entry as pretty JSON at `indent`, byte for byte as `json()` renders.
    public func write(into o: inout OutputBuffer, indent: Int) {
        var w = PrettyObject(indent: indent)
        w.key("sha256", &o); o.jsonString(sha256)
        w.key("subject", &o); o.jsonString(subject)
        w.key("subjectCommonName", &o); o.jsonString(subjectCommonName)
        w.key("issuer", &o); o.jsonString(issuer)
        w.key("issuerCommonName", &o); o.jsonString(issuerCommonName)
        w.key("serial", &o); o.jsonString(serial)
        w.key("notBefore", &o); o.byte(34); o.timestamp(notBefore.seconds); o.byte(34)
        w.key("notAfter", &o); o.byte(34); o.timestamp(notAfter.seconds); o.byte(34)
        w.key("validityDays", &o); o.jsonDouble(validityDays)
        w.key("keyType", &o); o.jsonString(keyType)
        w.key("keyBits", &o); o.int(keyBits)
        w.key("curve", &o); o.jsonString(curve)
        w.key("signatureAlgorithm", &o); o.jsonString(signatureAlgorithm)
        w.key("isCA", &o); o.jsonBool(isCA)
        w.key("pathLength", &o); if let pathLength { o.int(pathLength) } else { o.literal("null") }
        w.key("selfSigned", &o); o.jsonBool(selfSigned)
        w.key("dnsNames", &o); o.jsonStrings(dnsNames, indent: indent + 2)
        w.key("ipAddresses", &o); o.jsonStrings(ipAddresses, indent: indent + 2)
        w.key("uris", &o); o.jsonStrings(uris, indent: indent + 2)
        w.key("emails", &o); o.jsonStrings(emails, indent: indent + 2)
        w.key("keyUsage", &o); o.jsonStrings(keyUsage, indent: indent + 2)
        w.key("extendedKeyUsage", &o); o.jsonStrings(extendedKeyUsage, indent: indent + 2)
        w.key("subjectKeyIdentifier", &o); o.jsonString(subjectKeyIdentifier)
        w.key("authorityKeyIdentifier", &o); o.jsonString(authorityKeyIdentifier)
        w.key("publicKeySha256", &o); o.jsonString(publicKeySha256)
        w.key("usageMode", &o); o.jsonString(usageMode?.rawValue)
        w.key("status", &o); o.jsonString(status.rawValue)
        w.key("locations", &o)
        if locations.isEmpty { o.literal("[]") } else {
            o.byte(UInt8(ascii: "["))
            for (n, l) in locations.enumerated() {
                if n > 0 { o.byte(44) }
                o.newline(indent + 4)
                var lw = PrettyObject(indent: indent + 4)
                lw.key("path", &o); o.jsonString(l.path)
                lw.key("format", &o); o.jsonString(l.format.rawValue)
                lw.key("index", &o); o.int(l.index)
                lw.close(&o)
            }
            o.newline(indent + 2)
            o.byte(UInt8(ascii: "]"))
        }
        w.key("chain", &o)
        var cw = PrettyObject(indent: indent + 2)
        cw.key("issuerSha256", &o); o.jsonString(chain.issuerSha256)
        cw.key("complete", &o); o.jsonBool(chain.complete)
        cw.key("trusted", &o); if let t = chain.trusted { o.jsonBool(t) } else { o.literal("null") }
        cw.key("trustError", &o); o.jsonString(chain.trustError)
        cw.key("trustCode", &o); o.jsonString(chain.trustCode)
        cw.key("profile", &o); o.jsonString(chain.profile?.rawValue)
        cw.close(&o)
        w.key("keyPaths", &o); o.jsonStrings(keyPaths, indent: indent + 2)
        w.key("findings", &o)
        if findings.isEmpty { o.literal("[]") } else {
            o.byte(UInt8(ascii: "["))
            for (n, f) in findings.enumerated() {
                if n > 0 { o.byte(44) }
                o.newline(indent + 4)
                var fw = PrettyObject(indent: indent + 4)
                fw.key("code", &o); o.jsonString(f.code)
                fw.key("severity", &o); o.jsonString(f.severity.rawValue)
                fw.key("message", &o); o.jsonString(f.message)
                fw.close(&o)
            }
            o.newline(indent + 2)
            o.byte(UInt8(ascii: "]"))
        }
        w.close(&o)
    }
}
