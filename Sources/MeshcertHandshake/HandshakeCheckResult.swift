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

/// Runs one check (its first repetition): the probe as configured and, when a client
/// certificate was presented and asked for, a second probe without it to tell "requested"
/// from "required".
enum CheckRunner {
    static func run(_ check: HandshakeCheck, contexts: ContextCache, probeClientAuth: Bool) -> HandshakeCheckResult {
        let presents = check.client.presentsClientCertificate
        let first = HandshakeProbe.run(check, context: contexts.context(for: check.client), presentsClientCertificate: presents)

        var clientAuth = ClientAuth.none
        if first.sawCertificateRequest {
            if !presents {
                clientAuth = first.reason == .clientCertificateRequired ? .required : .requested
            } else if probeClientAuth && [.ok, .handshakeFailure].contains(first.reason) {
                let bare = HandshakeProbe.run(check, context: contexts.context(for: check.client.withoutClientCertificate),
                                              presentsClientCertificate: false)
                clientAuth = bare.reason == .clientCertificateRequired ? .required : .requested
            } else {
                clientAuth = .requested
            }
        } else if first.reason == .clientCertificateRequired {
            clientAuth = .required
        }
        return result(check, first, clientAuth: clientAuth)
    }

    static func result(_ check: HandshakeCheck, _ probe: ProbeResult, clientAuth: ClientAuth) -> HandshakeCheckResult {
        var detail = probe.detail
        var compatible = false
        if probe.reason == .ok {
            let problems = ServiceConnectRules.problems(protocolVersion: probe.protocolVersion, cipher: probe.cipher,
                                                        key: probe.peerKey, clientAuth: clientAuth)
            compatible = problems.isEmpty
            detail = "handshake complete (\(probe.protocolVersion ?? "?"), \(probe.cipher ?? "?")"
                + (clientAuth == .none ? "" : ", client certificate \(clientAuth.rawValue)") + "); "
                + (compatible ? "Service Connect compatible" : "not Service Connect compatible: " + problems.joined(separator: "; "))
        }
        return HandshakeCheckResult(check: check, reason: probe.reason, detail: detail, protocolVersion: probe.protocolVersion,
                                    cipher: probe.cipher, group: probe.group, clientAuth: clientAuth, peerChain: probe.peerChain,
                                    serviceConnectCompatible: compatible, connectMs: probe.connectMs,
                                    handshakeMs: probe.handshakeMs, postHandshakeMs: probe.postHandshakeMs, load: nil)
    }
}
