import MeshcertOpenSSL
import MeshcertSupport

/// The chain, certificate and HTTP parts of a check in `meshcert.handshake.v1`.
extension HandshakeDocument {
    /// One certificate of the peer's chain. Fields after `sha256` came with the chain diagnosis:
    /// documents written before them read back with those fields null.
    public struct PeerCertificate: Codable, Sendable, Equatable {
        public var subject: String
        public var issuer: String
        /// null when the field could not be read.
        public var notAfter: Instant?
        /// Lowercase hex SHA-256 of the DER encoding.
        public var sha256: String
        public var notBefore: Instant?
        /// Lowercase hex.
        public var serial: String?
        public var dnsNames: [String]?
        public var ipAddresses: [String]?
        /// `{"type": "EC", "bits": 256, "curve": "P-256"}`.
        public var key: Key?
        /// OpenSSL's long name: `ecdsa-with-SHA256`, `sha256WithRSAEncryption`.
        public var signatureAlgorithm: String?
        /// Authority Information Access: OCSP responders and where the issuer certificate is published.
        public var ocspURIs: [String]?
        public var caIssuersURIs: [String]?
        /// CRL distribution points.
        public var crlURIs: [String]?
        public var isCA: Bool?
        public var selfSigned: Bool?

        public struct Key: Codable, Sendable, Equatable {
            public var type: String
            public var bits: Int
            public var curve: String?
        }

        public init(subject: String, issuer: String, notAfter: Instant?, sha256: String) {
            self.subject = subject
            self.issuer = issuer
            self.notAfter = notAfter
            self.sha256 = sha256
        }

        public init(_ c: TLSPeerCertificate) {
            self.init(subject: c.subject, issuer: c.issuer, notAfter: c.notAfter.map(Instant.init), sha256: c.sha256)
            notBefore = c.notBefore.map(Instant.init)
            serial = c.serial
            dnsNames = c.dnsNames
            ipAddresses = c.ipAddresses
            key = Key(type: c.keyType, bits: c.keyBits, curve: c.curve)
            signatureAlgorithm = c.signatureAlgorithm
            ocspURIs = c.ocspURIs
            caIssuersURIs = c.caIssuersURIs
            crlURIs = c.crlURIs
            isCA = c.isCA
            selfSigned = c.selfSigned
        }
    }

    /// `chain`: is what the server sent complete, in order and lean; when does its path expire.
    public struct Chain: Codable, Sendable, Equatable {
        /// Every certificate between the leaf and a trust anchor was sent.
        public var complete: Bool
        /// The subject of the certificate the server should have sent; null when complete.
        public var missingIssuer: String?
        public var order: ChainDiagnosis.Order
        /// Roots (clients have their own) and certificates off the path.
        public var superfluous: [Superfluous]
        /// The certificate of the path (sent, or the anchor from --trust: position null) that expires first.
        public var earliestExpiry: Certificate?
        public var expiringSoon: Bool
        public var warnDays: Int
        /// For `expired` / `not_yet_valid`: the certificate that is not valid at the verification time.
        public var outsideValidity: Certificate?

        public init(_ d: ChainDiagnosis) {
            complete = d.complete
            missingIssuer = d.missingIssuer
            order = d.order
            superfluous = d.superfluous.map { Superfluous(position: $0.position, subject: $0.subject, kind: $0.kind) }
            earliestExpiry = d.earliestExpiry.map(Certificate.init)
            expiringSoon = d.expiringSoon
            warnDays = d.warnDays
            outsideValidity = d.outsideValidity.map(Certificate.init)
        }
    }

    public struct Superfluous: Codable, Sendable, Equatable {
        /// Position in `peerChain`.
        public var position: Int
        public var subject: String
        /// `root`, `unrelated` (not on the path) or `duplicate`.
        public var kind: SuperfluousCertificate.Kind
    }

    /// A certificate a diagnosis names: subject, position in `peerChain` (null: from --trust), dates.
    public struct Certificate: Codable, Sendable, Equatable {
        public var subject: String
        public var position: Int?
        public var notBefore: Instant?
        public var notAfter: Instant?

        init(_ c: ChainCertificate) {
            subject = c.subject
            position = c.position
            notBefore = c.notBefore.map(Instant.init)
            notAfter = c.notAfter.map(Instant.init)
        }
    }

    /// `httpProbe`: the request sent after the handshake and what came back.
    public struct HTTPProbeAnswer: Codable, Sendable, Equatable {
        public var path: String
        /// null when no status line arrived.
        public var status: Int?
        public var statusLine: String?
        /// The server's words about the client certificate, when its answer names one.
        public var clientCertificateProblem: String?

        init(_ e: HTTPExchange) {
            path = e.path
            status = e.status
            statusLine = e.statusLine
            clientCertificateProblem = e.clientCertificateProblem
        }
    }
}

extension HandshakeDocument.Check {
    /// As synthesized, except that the fields added with the chain diagnosis may be absent (a
    /// document written before them): `warnings` then reads as empty, the others as null.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name), target: try c.decode(String.self, forKey: .target),
                  serverName: try c.decodeIfPresent(String.self, forKey: .serverName),
                  outcome: try c.decode(HandshakeDocument.Outcome.self, forKey: .outcome),
                  reason: try c.decode(HandshakeReason.self, forKey: .reason), detail: try c.decode(String.self, forKey: .detail),
                  protocolVersion: try c.decodeIfPresent(String.self, forKey: .protocolVersion),
                  cipher: try c.decodeIfPresent(String.self, forKey: .cipher), group: try c.decodeIfPresent(String.self, forKey: .group),
                  clientAuth: try c.decode(ClientAuth.self, forKey: .clientAuth),
                  httpProbe: try c.decodeIfPresent(HandshakeDocument.HTTPProbeAnswer.self, forKey: .httpProbe),
                  serverVersions: try c.decodeIfPresent([String].self, forKey: .serverVersions),
                  peerChain: try c.decode([HandshakeDocument.PeerCertificate].self, forKey: .peerChain),
                  ocspStapled: try c.decodeIfPresent(Bool.self, forKey: .ocspStapled),
                  chain: try c.decodeIfPresent(HandshakeDocument.Chain.self, forKey: .chain),
                  warnings: try c.decodeIfPresent([HandshakeWarning].self, forKey: .warnings) ?? [],
                  verification: try c.decodeIfPresent(ChainVerification.self, forKey: .verification),
                  serviceConnectCompatible: try c.decode(Bool.self, forKey: .serviceConnectCompatible),
                  connectMs: try c.decodeIfPresent(Double.self, forKey: .connectMs),
                  handshakeMs: try c.decodeIfPresent(Double.self, forKey: .handshakeMs),
                  expected: try c.decode(HandshakeReason.self, forKey: .expected),
                  matchedExpectation: try c.decode(Bool.self, forKey: .matchedExpectation),
                  load: try c.decodeIfPresent(HandshakeDocument.Load.self, forKey: .load))
    }
}
