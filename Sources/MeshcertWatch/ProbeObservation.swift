import MeshcertHandshake

/// What the exporter keeps of a target's last probe: enough for the blackbox-style series and
/// the logs, nothing secret (no keys, no file contents).
public struct ProbeObservation: Sendable, Equatable {
    public var target: String
    public var endpoint: String
    public var reason: HandshakeReason
    public var expected: HandshakeReason
    public var detail: String
    /// `TLS 1.3`, as blackbox_exporter labels it; nil when no handshake completed.
    public var tlsVersion: String?
    /// Wall time of the probe, seconds.
    public var duration: Double
    /// The earliest notAfter in the chain the server sent.
    public var earliestExpiry: Int64?
    /// The earliest notAfter of the chain, when it verified (reason ok).
    public var verifiedChainExpiry: Int64?
    /// The leaf the server served, when it sent one.
    public var leaf: SeenCertificate?
    /// When the probe finished (Unix seconds).
    public var at: Int64

    public var success: Bool { reason == .ok }
    public var matchedExpectation: Bool { reason == expected }

    public init(_ r: HandshakeCheckResult, duration: Double, at: Int64) {
        target = r.check.name
        endpoint = r.check.target.description
        reason = r.reason
        expected = r.check.expect
        detail = r.detail
        tlsVersion = r.protocolVersion.map { $0.replacingOccurrences(of: "TLSv", with: "TLS ") }
        self.duration = duration
        let expiries = r.peerChain.compactMap(\.notAfter)
        earliestExpiry = expiries.min()
        verifiedChainExpiry = r.reason == .ok ? expiries.min() : nil
        leaf = r.peerChain.first.map { SeenCertificate(serial: $0.serial, sha256: $0.sha256, notBefore: $0.notBefore, notAfter: $0.notAfter) }
        self.at = at
    }
}

extension ProbeObservation {
    /// A probe that could not run at all (its trust file vanished, say): a failure like any other.
    public init(check: HandshakeCheck, failure: String, at: Int64) {
        target = check.name
        endpoint = check.target.description
        reason = .handshakeFailure
        expected = check.expect
        detail = failure
        tlsVersion = nil
        duration = 0
        earliestExpiry = nil
        verifiedChainExpiry = nil
        leaf = nil
        self.at = at
    }
}
