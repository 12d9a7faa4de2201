import MeshcertOpenSSL
import MeshcertSupport

/// Finds each certificate's issuer among the scanned certificates and trust anchors (by name,
/// preferring a matching key identifier), verifies the signature with OpenSSL, and follows the
/// links to decide whether the chain is complete; with anchors, OpenSSL verifies it at `--at`.
struct ChainBuilder {
    var certificates: [X509Certificate]
    var hashes: [String]
    var details: [CertificateDetails]
    var anchors: [X509Certificate]
    var evaluatedAt: EpochSeconds
    var workers: Int

    func build() -> [ChainStatus] {
        // Candidate issuers: scanned certificates first, then anchors (index >= certificates.count).
        let anchorDetails = anchors.map { $0.details() }
        let allDetails = details + anchorDetails
        let all = certificates + anchors
        let allHashes = hashes + anchors.map(\.sha256)
        var bySubject: [String: [Int]] = [:]
        for (i, d) in allDetails.enumerated() { bySubject[d.subject, default: []].append(i) }

        // Issuer link per certificate (parallel: signature checks are the costly part).
        let issuerIndex: [Int?] = Parallel.map(certificates.count, workers: workers) { i in
            let d = details[i]
            if d.selfSigned { return nil }
            var candidates = (bySubject[d.issuer] ?? []).filter { $0 != i }
            if let aki = d.authorityKeyIdentifier {
                candidates.sort { (allDetails[$0].subjectKeyIdentifier == aki ? 0 : 1) < (allDetails[$1].subjectKeyIdentifier == aki ? 0 : 1) }
            }
            return candidates.first { certificates[i].isSigned(by: all[$0]) }
        }

        // A chain is complete when following issuer links reaches a self-signed certificate.
        func complete(_ start: Int) -> Bool {
            var current = start
            var seen = Set<Int>()
            while seen.insert(current).inserted {
                if allDetails[current].selfSigned { return true }
                if current >= certificates.count { return false }  // an anchor that is not self-signed: partial chain
                guard let next = issuerIndex[current] else { return false }
                current = next
            }
            return false
        }

        var verifier: TrustVerifier? = nil
        if !anchors.isEmpty {
            let intermediates = certificates.indices.filter { details[$0].isCA }.map { certificates[$0] }
            verifier = try? TrustVerifier(anchors: anchors, intermediates: intermediates, at: evaluatedAt)
        }
        let trust: [String?] = verifier.map { v in Parallel.map(certificates.count, workers: workers) { v.verify(certificates[$0]) } }
            ?? []
        return certificates.indices.map { i in
            ChainStatus(issuerSHA256: issuerIndex[i].map { allHashes[$0] },
                        complete: complete(i),
                        trusted: verifier == nil ? nil : trust[i] == nil,
                        trustError: verifier == nil ? nil : trust[i])
        }
    }
}
