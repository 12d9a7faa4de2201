import MeshcertOpenSSL
import MeshcertSupport

/// The `meshcert.handshake.v1` document (`meshcert handshake --format json`): one typed model
/// writes it and reads it back. Field order is declaration order; it is a public contract.
public struct HandshakeDocument: Codable, Sendable, Equatable {
    public static let schema = "meshcert.handshake.v1"

    /// Always `meshcert.handshake.v1`.
    public var schema: String
    /// The verification time given with `--at`; null: verified as of the run.
    public var at: Instant?
    public var checks: [Check]
    public var summary: Summary

    public init(schema: String = HandshakeDocument.schema, at: Instant?, checks: [Check], summary: Summary) {
        self.schema = schema
        self.at = at
        self.checks = checks
        self.summary = summary
    }

    public init(results: [HandshakeCheckResult], at: EpochSeconds?) {
        schema = Self.schema
        self.at = at.map(Instant.init)
        checks = results.map(Check.init)
        summary = Summary(results)
    }

    /// The document as a `JSON` value (what `meshcert report` embeds).
    public func json() throws -> JSON { try JSONValueEncoder().encode(self) }

    /// The document as written by `--format json` (pretty, no trailing newline).
    public func render(pretty: Bool = true) throws -> String { try json().render(pretty: pretty) }

    /// `ok` when the handshake completed, `fail` for every other reason.
    public enum Outcome: String, Codable, Sendable {
        case ok, fail
    }

    /// One check: where it connected, what was negotiated, the diagnosis and the expectation.
    /// Also the `check` of every cell of `meshcert.lab.v1`.
    public struct Check: Codable, Sendable, Equatable {
        public var name: String
        /// `HOST:PORT` (`[v6]:PORT` for IPv6 literals).
        public var target: String
        /// The name sent as SNI and verified; null for an IP target without one.
        public var serverName: String?
        public var outcome: Outcome
        public var reason: HandshakeReason
        public var detail: String
        /// Written `protocol`: `TLSv1.3`, `TLSv1.2`; null when no handshake completed.
        public var protocolVersion: String?
        public var cipher: String?
        public var group: String?
        public var clientAuth: ClientAuth
        /// The `--http-probe` request and its answer; null when none was sent.
        public var httpProbe: HTTPProbeAnswer?
        /// For `protocol_mismatch`: the versions the server offers (one handshake each); else null.
        public var serverVersions: [String]?
        /// The server's chain as it sent it, leaf first.
        public var peerChain: [PeerCertificate]
        /// The server stapled an OCSP response (meshcert asks for one); null when no certificate was seen.
        public var ocspStapled: Bool?
        /// Chain diagnosis; null when the server sent no certificate.
        public var chain: Chain?
        /// Worth knowing, reason unchanged: `{code, detail}`, codes an open list (see docs/handshake.md).
        public var warnings: [HandshakeWarning]
        /// `{profile, code}`: the verification profile and OpenSSL's result name; null when no
        /// certificate was seen.
        public var verification: ChainVerification?
        public var serviceConnectCompatible: Bool
        /// Milliseconds, 3 decimals as written; null when the phase was not reached.
        public var connectMs: Double?
        public var handshakeMs: Double?
        public var expected: HandshakeReason
        public var matchedExpectation: Bool
        /// Present only when the check ran `--repeat N` times.
        public var load: Load?

        enum CodingKeys: String, CodingKey {
            case name, target, serverName, outcome, reason, detail
            case protocolVersion = "protocol"
            case cipher, group, clientAuth, httpProbe, serverVersions, peerChain, ocspStapled, chain, warnings, verification
            case serviceConnectCompatible, connectMs, handshakeMs, expected
            case matchedExpectation, load
        }

        public init(name: String, target: String, serverName: String?, outcome: Outcome, reason: HandshakeReason, detail: String,
                    protocolVersion: String?, cipher: String?, group: String?, clientAuth: ClientAuth,
                    httpProbe: HTTPProbeAnswer? = nil, serverVersions: [String]? = nil, peerChain: [PeerCertificate],
                    ocspStapled: Bool? = nil, chain: Chain? = nil, warnings: [HandshakeWarning] = [],
                    verification: ChainVerification? = nil, serviceConnectCompatible: Bool, connectMs: Double?, handshakeMs: Double?, expected: HandshakeReason,
                    matchedExpectation: Bool, load: Load?) {
            self.name = name
            self.target = target
            self.serverName = serverName
            self.outcome = outcome
            self.reason = reason
            self.detail = detail
            self.protocolVersion = protocolVersion
            self.cipher = cipher
            self.group = group
            self.clientAuth = clientAuth
            self.httpProbe = httpProbe
            self.serverVersions = serverVersions
            self.peerChain = peerChain
            self.ocspStapled = ocspStapled
            self.chain = chain
            self.warnings = warnings
            self.verification = verification
            self.serviceConnectCompatible = serviceConnectCompatible
            self.connectMs = connectMs
            self.handshakeMs = handshakeMs
            self.expected = expected
            self.matchedExpectation = matchedExpectation
            self.load = load
        }

        public init(_ r: HandshakeCheckResult) {
            name = r.check.name
            target = r.check.target.description
            serverName = r.check.effectiveServerName
            outcome = r.reason == .ok ? .ok : .fail
            reason = r.reason
            detail = r.detail
            protocolVersion = r.protocolVersion
            cipher = r.cipher
            group = r.group
            clientAuth = r.clientAuth
            httpProbe = r.http.map(HTTPProbeAnswer.init)
            serverVersions = r.serverVersions
            peerChain = r.peerChain.map(PeerCertificate.init)
            ocspStapled = r.ocspStapled
            chain = r.chain.map(Chain.init)
            warnings = r.warnings
            verification = r.verification
            serviceConnectCompatible = r.serviceConnectCompatible
            connectMs = r.connectMs.map(HandshakeDocument.asWritten)
            handshakeMs = r.handshakeMs.map(HandshakeDocument.asWritten)
            expected = r.check.expect
            matchedExpectation = r.matchedExpectation
            load = r.load.map(Load.init)
        }

        /// As synthesized (nil written as null), except `load`, left out when absent.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(target, forKey: .target)
            try c.encodeIfPresent(serverName, forKey: .serverName)
            try c.encode(outcome, forKey: .outcome)
            try c.encode(reason, forKey: .reason)
            try c.encode(detail, forKey: .detail)
            try c.encodeIfPresent(protocolVersion, forKey: .protocolVersion)
            try c.encodeIfPresent(cipher, forKey: .cipher)
            try c.encodeIfPresent(group, forKey: .group)
            try c.encode(clientAuth, forKey: .clientAuth)
            try c.encodeIfPresent(httpProbe, forKey: .httpProbe)
            try c.encodeIfPresent(serverVersions, forKey: .serverVersions)
            try c.encode(peerChain, forKey: .peerChain)
            try c.encodeIfPresent(ocspStapled, forKey: .ocspStapled)
            try c.encodeIfPresent(chain, forKey: .chain)
            try c.encode(warnings, forKey: .warnings)
            try c.encodeIfPresent(verification, forKey: .verification)
            try c.encode(serviceConnectCompatible, forKey: .serviceConnectCompatible)
            try c.encodeIfPresent(connectMs, forKey: .connectMs)
            try c.encodeIfPresent(handshakeMs, forKey: .handshakeMs)
            try c.encode(expected, forKey: .expected)
            try c.encode(matchedExpectation, forKey: .matchedExpectation)
            try c.encodeOmittingNil(load, forKey: .load)
        }
    }


    /// Load figures of a check run `--repeat N` times; milliseconds, 3 decimals as written.
    public struct Load: Codable, Sendable, Equatable {
        public var handshakes: Int
        /// Repetitions whose reason differed from the expectation.
        public var missedExpectation: Int
        public var handshakesPerSecond: Double
        /// Connect + handshake latency percentiles.
        public var p50Ms: Double
        public var p99Ms: Double
        public var meanMs: MeanMs

        public init(_ l: HandshakeLoad) {
            handshakes = l.handshakes
            missedExpectation = l.missed
            handshakesPerSecond = HandshakeDocument.asWritten(l.handshakesPerSecond)
            p50Ms = HandshakeDocument.asWritten(l.p50Ms)
            p99Ms = HandshakeDocument.asWritten(l.p99Ms)
            meanMs = MeanMs(connect: HandshakeDocument.asWritten(l.meanConnectMs), handshake: HandshakeDocument.asWritten(l.meanHandshakeMs),
                            postHandshake: HandshakeDocument.asWritten(l.meanPostHandshakeMs), total: HandshakeDocument.asWritten(l.meanTotalMs))
        }
    }

    /// Where a repetition's wall time goes, means: TCP connect, TLS handshake, the
    /// post-handshake read, and the whole repetition.
    public struct MeanMs: Codable, Sendable, Equatable {
        public var connect: Double
        public var handshake: Double
        public var postHandshake: Double
        public var total: Double
    }

    /// Counts over all checks (or all lab cells).
    public struct Summary: Codable, Sendable, Equatable {
        public var checks: Int
        public var ok: Int
        public var failed: Int
        public var matchedExpectation: Int
        public var missedExpectation: Int
        public var serviceConnectCompatible: Int
        /// Checks per reason; only reasons seen, in the order of `HandshakeReason.allCases`.
        public var reasons: ReasonCounts

        public init(_ results: [HandshakeCheckResult]) {
            checks = results.count
            ok = results.filter { $0.reason == .ok }.count
            failed = results.filter { $0.reason != .ok }.count
            matchedExpectation = results.filter(\.matchedExpectation).count
            missedExpectation = results.filter { !$0.matchedExpectation }.count
            serviceConnectCompatible = results.filter(\.serviceConnectCompatible).count
            var counts: [HandshakeReason: Int] = [:]
            for r in results { counts[r.reason, default: 0] += 1 }
            reasons = ReasonCounts(counts)
        }
    }

    /// `{"ok": 3, "untrusted": 1}`: a count per reason code, written in the order of
    /// `HandshakeReason.allCases`, reasons with no check left out.
    public struct ReasonCounts: Codable, Sendable, Equatable {
        public var counts: [HandshakeReason: Int]

        public init(_ counts: [HandshakeReason: Int]) { self.counts = counts.filter { $0.value > 0 } }

        public subscript(reason: HandshakeReason) -> Int { counts[reason] ?? 0 }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: AnyKey.self)
            for reason in HandshakeReason.allCases {
                if let n = counts[reason], n > 0 { try c.encode(n, forKey: AnyKey(reason.rawValue)) }
            }
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            var counts: [HandshakeReason: Int] = [:]
            for key in c.allKeys {
                guard let reason = HandshakeReason(rawValue: key.stringValue) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "'\(key.stringValue)' is not a reason code")
                }
                counts[reason] = try c.decode(Int.self, forKey: key)
            }
            self.init(counts)
        }
    }

    /// A double as the document writes it (3 decimals), so that a document read back equals
    /// the one that was written.
    static func asWritten(_ d: Double) -> Double { d.isFinite ? (d * 1000).rounded() / 1000 : d }
}

extension HandshakeReason: Codable {}
extension ClientAuth: Codable {}
