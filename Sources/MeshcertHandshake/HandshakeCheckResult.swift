import MeshcertOpenSSL

/// Load figures of a check run `--repeat N` times.
public struct HandshakeLoad: Sendable {
    public var handshakes: Int
    /// Repetitions whose reason differed from the expectation.
    public var missed: Int
    public var handshakesPerSecond: Double
    /// Connect + handshake latency percentiles, milliseconds.
    public var p50Ms: Double
    public var p99Ms: Double
    /// Where a repetition's wall time goes, means in milliseconds: TCP connect, TLS handshake
    /// (certificate verification included), the post-handshake read, and the whole repetition
    /// (the three, plus building its result and freeing the connection).
    public var meanConnectMs: Double
    public var meanHandshakeMs: Double
    public var meanPostHandshakeMs: Double
    public var meanTotalMs: Double
}

/// The result of one check (the `checks[]` entries of meshcert.handshake.v1).
public struct HandshakeCheckResult: Sendable {
    public var check: HandshakeCheck
    public var reason: HandshakeReason
    public var detail: String
    public var protocolVersion: String?
    public var cipher: String?
    public var group: String?
    public var clientAuth: ClientAuth
    public var peerChain: [TLSPeerCertificate]
    public var serviceConnectCompatible: Bool
    public var connectMs: Double?
    public var handshakeMs: Double?
    /// The TLS 1.3 post-handshake read (not in the JSON per check; `load` reports its mean).
    public var postHandshakeMs: Double?
    public var load: HandshakeLoad?
    /// The chain diagnosis; nil when the server sent no certificate.
    public var chain: ChainDiagnosis?
    /// What is worth knowing without changing the reason (an open list of codes).
    public var warnings: [HandshakeWarning] = []
    /// The server stapled an OCSP response; nil when no certificate was seen.
    public var ocspStapled: Bool?
    /// For `protocol_mismatch`: the versions the server does offer (one probe each).
    public var serverVersions: [String]?
    /// The `--http-probe` request and its answer.
    public var http: HTTPExchange?
    /// The verification profile and OpenSSL's result name; nil when no certificate was seen.
    public var verification: ChainVerification?

    public var outcome: String { reason == .ok ? "ok" : "fail" }
    public var matchedExpectation: Bool { reason == check.expect }
}

/// Service Connect's envelope: TLS 1.3 only, three cipher suites, keys its CA issues, no mTLS.
public enum ServiceConnectRules {
    public static let cipherSuites = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]

    /// Why a completed handshake could not be served by Service Connect (empty: compatible).
    static func problems(protocolVersion: String?, cipher: String?, key: TLSPeerKey?, clientAuth: ClientAuth) -> [String] {
        var out: [String] = []
        if protocolVersion != "TLSv1.3" {
            out.append("\(protocolVersion ?? "no protocol") negotiated, Service Connect speaks TLS 1.3 only")
        }
        if let cipher, !cipherSuites.contains(cipher) {
            out.append("cipher \(cipher) is not one of Service Connect's (\(cipherSuites.joined(separator: ", ")))")
        }
        if let key {
            let fits = (key.algorithm == "EC" && key.curve == "P-256") || (key.algorithm == "RSA" && key.bits == 2048)
            if !fits {
                let what = key.algorithm == "EC" ? "EC \(key.curve ?? "\(key.bits)-bit")" : "\(key.algorithm) \(key.bits)"
                out.append("server key \(what): Service Connect's CA issues ECDSA P-256 or RSA 2048 only")
            }
        } else {
            out.append("no server certificate key seen")
        }
        if clientAuth == .required {
            out.append("the server requires a client certificate, Service Connect has no mutual TLS")
        }
        return out
    }
}


/// How a check's peer chain was judged: the policy's profile and OpenSSL's result name.
public struct ChainVerification: Sendable, Equatable, Codable {
    public var profile: VerificationPolicy.Profile
    /// `X509_V_OK`, `X509_V_ERR_CERT_HAS_EXPIRED`...
    public var code: String

    public init(profile: VerificationPolicy.Profile, code: String) {
        self.profile = profile
        self.code = code
    }
}
