import MeshcertOpenSSL

/// One distinct certificate after parsing: fields read from the DER (fast path) or through
/// OpenSSL's full decoder (fallback), plus what chain building needs.
struct ParsedCertificate {
    var der: [UInt8]
    var details: CertificateDetails
    /// Set by the fast path: enough to check this certificate's signature without decoding it.
    var signedParts: SignedParts?
    /// Set when the full decoder already ran (fallback path).
    var decoded: X509Certificate?

    /// Parses `der`, or returns OpenSSL's reason for rejecting it.
    static func parse(_ der: [UInt8], issuerNames: IssuerNameReuse? = nil) -> Result<ParsedCertificate, OpenSSLError> {
        if let (details, parts) = FastCertificateReader.read(der: der, issuerNames: issuerNames) {
            return .success(ParsedCertificate(der: der, details: details, signedParts: parts, decoded: nil))
        }
        return Result { () throws(OpenSSLError) in
            let cert = try X509Certificate(der: der)
            return ParsedCertificate(der: der, details: cert.details(), signedParts: nil, decoded: cert)
        }
    }

    /// The full OpenSSL object (decoded now if the fast path was used).
    func x509() -> X509Certificate? {
        decoded ?? (try? X509Certificate(der: der))
    }
}
