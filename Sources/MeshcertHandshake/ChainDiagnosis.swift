import MeshcertOpenSSL
import MeshcertSupport

/// One certificate named by a chain diagnosis: which, where it was in what the server sent
/// (nil: it came from `--trust`, not from the server), and its dates.
public struct ChainCertificate: Sendable, Equatable {
    public var subject: String
    public var position: Int?
    public var notBefore: Int64?
    public var notAfter: Int64?
}

/// A certificate the server sent that the path to the trust anchor does not need.
public struct SuperfluousCertificate: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case root, unrelated, duplicate }
    public var position: Int
    public var subject: String
    public var kind: Kind
}

/// The `chain` of a check: is what the server sent complete, in order and lean, and when does
/// the first certificate of its path expire. Pure Swift over `TLSPeerChain`: tested without servers.
public struct ChainDiagnosis: Sendable, Equatable {
    public enum Order: String, Sendable, Codable { case ok, misordered }

    /// Every certificate from the leaf up to a trust anchor was sent (the anchor itself need not be).
    public var complete: Bool
    /// The subject of the certificate the server should have sent and did not; nil when complete.
    public var missingIssuer: String?
    public var order: Order
    public var superfluous: [SuperfluousCertificate]
    /// The certificate of the path (sent, or the anchor from `--trust`) that expires first.
    public var earliestExpiry: ChainCertificate?
    /// Some certificate of the path expires within the warning window.
    public var expiringSoon: Bool
    public var warnDays: Int
    /// The first certificate of the path (leaf first) not valid at the verification time.
    public var outsideValidity: ChainCertificate?
    /// The first certificate of the path within its warning window (for the warning's words).
    public var expiringFirst: ChainCertificate?
    /// The certificate at the top of what the server sent along its path (what lacks an issuer
    /// when the chain is incomplete).
    public var top: TLSPeerCertificate?

    /// AWS Private CA's short-lived mode: at most 7 days; such a certificate is "soon" when less
    /// than 2/7 of its lifetime is left (Service Connect renews at 5 of 7 days), as in `scan`.
    static let shortLivedMaxSeconds: Int64 = 7 * 86400

    /// Nil when the server sent no certificate.
    public init?(_ chain: TLSPeerChain, at: Int64, warnDays: Int) {
        let sent = chain.sent
        guard !sent.isEmpty else { return nil }
        self.warnDays = warnDays

        // The path through what was sent: the leaf, its issuer among the sent ones, and so on.
        var path = [0]
        while let last = path.last, !sent[last].selfSigned, let next = chain.issuerPosition[safe: last] ?? nil, !path.contains(next) {
            path.append(next)
        }
        order = path == Array(0..<path.count) ? .ok : .misordered
        var extra: [SuperfluousCertificate] = []
        for i in sent.indices {
            if path.contains(i) {
                if i != 0 && sent[i].selfSigned { extra.append(SuperfluousCertificate(position: i, subject: sent[i].subject, kind: .root)) }
            } else {
                let again = path.contains { sent[$0].sha256 == sent[i].sha256 } || sent[..<i].contains { $0.sha256 == sent[i].sha256 }
                extra.append(SuperfluousCertificate(position: i, subject: sent[i].subject, kind: again ? .duplicate : .unrelated))
            }
        }
        superfluous = extra
        let topCertificate = sent[path.last!]
        top = topCertificate

        // Complete: the certificates OpenSSL needed beyond what was sent are the anchor only.
        let sentHashes = Set(sent.map(\.sha256))
        let fromTrust = chain.built.filter { !sentHashes.contains($0.sha256) }
        if topCertificate.selfSigned {
            complete = true
            missingIssuer = nil
        } else if let firstFromTrust = fromTrust.first {
            // Found in --trust: fine when it is the anchor (the last of the built path).
            let onlyAnchor = fromTrust.count == 1 && chain.built.last?.sha256 == firstFromTrust.sha256
            complete = onlyAnchor
            missingIssuer = onlyAnchor ? nil : firstFromTrust.subject
        } else if chain.verifyError == 0 && !chain.built.isEmpty {
            complete = true   // verified on what was sent alone (the anchor was sent too)
            missingIssuer = nil
        } else {
            let lacking = [X509VerifyError.unableToGetIssuer, X509VerifyError.unableToGetLocalIssuer,
                           X509VerifyError.unableToVerifyLeafSignature].contains(chain.verifyError) || !chain.built.isEmpty
            complete = !lacking
            missingIssuer = lacking ? topCertificate.issuer : nil
        }

        // Dates over the path: the sent certificates on it, then the anchor from --trust.
        var onPath: [ChainCertificate] = path.map {
            ChainCertificate(subject: sent[$0].subject, position: $0, notBefore: sent[$0].notBefore, notAfter: sent[$0].notAfter)
        }
        var lifetimes: [(isCA: Bool, lifetime: Int64)] = path.map { (sent[$0].isCA, Self.lifetime(sent[$0])) }
        for anchor in fromTrust {
            onPath.append(ChainCertificate(subject: anchor.subject, position: nil, notBefore: anchor.notBefore, notAfter: anchor.notAfter))
            lifetimes.append((anchor.isCA, Self.lifetime(anchor)))
        }
        earliestExpiry = onPath.filter { $0.notAfter != nil }.min { $0.notAfter! < $1.notAfter! }
        outsideValidity = onPath.first { c in
            (c.notAfter.map { at > $0 } ?? false) || (c.notBefore.map { at < $0 } ?? false)
        }
        expiringFirst = zip(onPath, lifetimes).filter { c, l in
            guard let end = c.notAfter, at <= end else { return false }
            let threshold = !l.isCA && l.lifetime <= Self.shortLivedMaxSeconds ? l.lifetime * 2 / 7 : Int64(warnDays) * 86400
            return end - at < threshold
        }.map(\.0).min { $0.notAfter! < $1.notAfter! }
        expiringSoon = expiringFirst != nil
    }

    static func lifetime(_ c: TLSPeerCertificate) -> Int64 {
        guard let a = c.notBefore, let b = c.notAfter else { return .max }
        return b - a
    }

    /// The warnings a chain earns whatever the reason (a chain that verifies stays `ok`).
    func warnings(reason: HandshakeReason) -> [HandshakeWarning] {
        var out: [HandshakeWarning] = []
        if let soon = expiringFirst, let end = soon.notAfter {
            out.append(HandshakeWarning(code: HandshakeWarning.chainExpiringSoon,
                                        detail: "\(Self.describe(soon)) expires at \(Timestamp.format(end))"
                                            + " (within \(warnDays) days, or 2/7 of a short-lived certificate's lifetime)"))
        }
        if order == .misordered {
            out.append(HandshakeWarning(code: HandshakeWarning.chainMisordered,
                                        detail: "the server sent its chain out of order: each certificate should be followed by its issuer"))
        }
        if !superfluous.isEmpty {
            let list = superfluous.map { "position \($0.position) \($0.kind.rawValue) \($0.subject)" }.joined(separator: "; ")
            out.append(HandshakeWarning(code: HandshakeWarning.superfluousCertificates,
                                        detail: "the server sent certificates its path does not need (clients trust roots themselves): " + list))
        }
        if reason == .ok, !complete, let missing = missingIssuer {
            out.append(HandshakeWarning(code: HandshakeWarning.incompleteChain,
                                        detail: "verified only because --trust holds '\(missing)', which the server did not send:"
                                            + " clients that trust only the root will fail"))
        }
        return out
    }

    static func describe(_ c: ChainCertificate) -> String {
        "'\(c.subject)' (" + (c.position.map { "position \($0) of the chain sent" } ?? "from --trust") + ")"
    }

    static func dates(_ c: ChainCertificate) -> String {
        "valid from \(c.notBefore.map(Timestamp.format) ?? "?") to \(c.notAfter.map(Timestamp.format) ?? "?")"
    }
}

/// Something worth knowing about a check that did not change its reason. `code` is open-ended:
/// documented codes today are the constants below, and readers must accept codes they do not know.
public struct HandshakeWarning: Sendable, Equatable, Codable {
    public var code: String
    public var detail: String

    public init(code: String, detail: String) {
        self.code = code
        self.detail = detail
    }

    public static let chainExpiringSoon = "chain_expiring_soon"
    public static let chainMisordered = "chain_misordered"
    public static let superfluousCertificates = "superfluous_certificates"
    public static let incompleteChain = "incomplete_chain"
    /// The `compatible` profile accepted the chain; `--verify-profile strict` would not.
    public static let strictValidationFailed = "strict_validation_failed"
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
