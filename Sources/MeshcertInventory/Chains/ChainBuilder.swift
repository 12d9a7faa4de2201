import MeshcertOpenSSL
import MeshcertSupport

/// Finds each certificate's issuer among the scanned certificates and trust anchors (by name,
/// preferring a matching key identifier), verifies the signature with OpenSSL, and follows the
/// links to decide whether the chain is complete; with anchors, OpenSSL verifies it at `--at`.
/// Only certificates that are someone's candidate issuer are fully decoded.
struct ChainBuilder {
    var certificates: [ParsedCertificate]
    var hashes: [String]
    var anchors: [X509Certificate]
    var evaluatedAt: EpochSeconds
    var policy: VerificationPolicy
    var workers: Int

    /// The chain status of every certificate, and the reason verification could not be set up
    /// (an unreadable CRL file), when it could not.
    func build() -> (chains: [ChainStatus], setupError: VerificationSetupError?) {
        let count = certificates.count
        let anchorDetails = anchors.map { $0.details() }
        let certificates = self.certificates
        /// Details of certificate `i`, anchors after the scanned certificates (read in place:
        /// copying every certificate's details cost a retain and a release per field).
        func details<T>(_ i: Int, _ field: (CertificateDetails) -> T) -> T {
            i < count ? field(certificates[i].details) : field(anchorDetails[i - count])
        }
        let total = count + anchors.count
        let allHashes = hashes + anchors.map(\.sha256)
        var bySubject: [String: [Int]] = [:]
        bySubject.reserveCapacity(total)
        for i in 0..<total { bySubject[details(i, \.subject), default: []].append(i) }

        // Candidate issuers per certificate, best first (matching key identifier).
        let candidates: [[Int]] = (0..<count).map { i in
            if certificates[i].details.selfSigned { return [] }
            var list = (bySubject[certificates[i].details.issuer] ?? []).filter { $0 != i }
            if list.count > 1, let aki = certificates[i].details.authorityKeyIdentifier {
                list.sort { (details($0, \.subjectKeyIdentifier) == aki ? 0 : 1) < (details($1, \.subjectKeyIdentifier) == aki ? 0 : 1) }
            }
            return list
        }

        // Decode each candidate issuer once (usually the few CAs).
        let needed = Array(Set(candidates.joined().filter { $0 < count })).sorted()
        let decodedNeeded = Parallel.map(needed.count, workers: workers) { certificates[needed[$0]].x509() }
        var issuers: [Int: X509Certificate] = [:]
        for (k, j) in needed.enumerated() { issuers[j] = decodedNeeded[k] }
        for (k, anchor) in anchors.enumerated() { issuers[count + k] = anchor }
        let issuerObjects = issuers

        // In batches, each with its own signature checkers (one per issuer: a checker's prepared
        // key context is not shared between threads, and is reused for the whole batch).
        let batch = max(16, min(512, count / (workers * 4) + 1))   // enough batches for every worker
        let issuerIndex: [Int?] = Parallel.map((count + batch - 1) / batch, workers: workers) { b in
            var checkers: [Int: SignatureChecker] = [:]
            return (b * batch..<min(count, (b + 1) * batch)).map { i in
                candidates[i].first { j in
                    guard let issuer = issuerObjects[j] else { return false }
                    if let parts = certificates[i].signedParts {
                        let checker = checkers[j] ?? SignatureChecker(issuer: issuer)
                        checkers[j] = checker
                        if let ok = checker.verifies(parts, in: certificates[i].der) { return ok }
                    }
                    return certificates[i].x509()?.isSigned(by: issuer) ?? false
                }
            }
        }.flatMap { $0 }

        // A chain is complete when following issuer links reaches a self-signed certificate.
        func complete(_ start: Int) -> Bool {
            var current = start
            var seen = Set<Int>()
            while seen.insert(current).inserted {
                if details(current, \.selfSigned) { return true }
                if current >= count { return false }  // an anchor that is not self-signed: partial chain
                guard let next = issuerIndex[current] else { return false }
                current = next
            }
            return false
        }

        var verdicts: [TrustVerdict]? = nil
        var setupError: VerificationSetupError? = nil
        if !anchors.isEmpty {
            let full = Parallel.map(count, workers: workers) { issuerObjects[$0] ?? certificates[$0].x509() }
            // Every certificate that is someone's issuer by name is offered, whatever its CA bit, so
            // that OpenSSL names what is wrong with it ("invalid CA certificate").
            let intermediates = needed.compactMap { full[$0] }
            do {
                let verifier = try TrustVerifier(anchors: anchors, intermediates: intermediates, policy: policy, at: evaluatedAt)
                let strict = policy.profile == .compatible
                    ? try TrustVerifier(anchors: anchors, intermediates: intermediates, policy: policy.asStrict, at: evaluatedAt) : nil
                // With only self-signed anchors, partial chains change nothing and strict checks all
                // that compatible checks: a chain strict accepts needs no second pass (unless
                // pedantic checks, which strict leaves out, must run). Valid chains, the common
                // case, are then verified once.
                let strictFirst = strict != nil && !policy.pedantic && anchorDetails.allSatisfy(\.selfSigned)
                verdicts = Parallel.map(count, workers: workers) { i in
                    guard let cert = full[i] else { return TrustVerdict(undecodable: ()) }
                    let early = strictFirst ? strict!.verdict(for: cert) : nil
                    if let early, early.verified { return TrustVerdict(error: nil, code: early.code, strictError: nil) }
                    let verdict = verifier.verdict(for: cert)
                    var strictError: String? = nil
                    if verdict.verified, let strictVerdict = early ?? strict?.verdict(for: cert), !strictVerdict.verified {
                        strictError = "\(strictVerdict.reason ?? "rejected") (\(strictVerdict.code))"
                    }
                    return TrustVerdict(error: verdict.reason, code: verdict.code, strictError: strictError)
                }
            } catch {
                setupError = error
            }
        }
        let chains = (0..<count).map { i in
            ChainStatus(issuerSHA256: issuerIndex[i].map { allHashes[$0] },
                        complete: complete(i),
                        trusted: verdicts.map { $0[i].error == nil },
                        trustError: verdicts?[i].error,
                        trustCode: verdicts?[i].code,
                        profile: verdicts == nil ? nil : policy.profile,
                        strictError: verdicts?[i].strictError)
        }
        return (chains, setupError)
    }
}

/// One certificate's verdict under the policy (and the strict profile's, when it differs).
private struct TrustVerdict: Sendable {
    var error: String?
    var code: String
    var strictError: String?

    init(error: String?, code: String, strictError: String?) {
        self.error = error
        self.code = code
        self.strictError = strictError
    }

    init(undecodable: Void) {
        self.init(error: "certificate could not be decoded by OpenSSL", code: "X509_V_ERR_UNSPECIFIED", strictError: nil)
    }
}
