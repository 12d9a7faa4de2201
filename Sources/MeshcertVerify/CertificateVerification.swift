import MeshcertInventory
import MeshcertOpenSSL
import MeshcertSupport

/// The `verify` pipeline: read the files, verify the peer under the policy, build the document.
public enum CertificateVerification {
    /// Throws every unreadable input at once (each naming its file); a chain that does not verify
    /// is a result, not an error.
    public static func run(_ request: VerifyRequest) throws(Diagnostics) -> VerifyDocument {
        var errors: [Diagnostic] = []
        func certificates(_ path: String, as role: String) -> [X509Certificate] {
            let read = CertificateFile.read(path: path, passwords: request.pkcs12Passwords)
            errors += read.errors.map { e in
                var e = e
                e.message = "\(role): " + e.message
                return e
            }
            return read.certificates
        }
        let peerFile = certificates(request.peerFile, as: "peer")
        let anchors = request.trustFiles.flatMap { certificates($0, as: "--trust") }
        let offered = Array(peerFile.dropFirst()) + request.chainFiles.flatMap { certificates($0, as: "--chain") }
        guard errors.isEmpty, let peer = peerFile.first else { throw Diagnostics(errors) }

        let verifier: TrustVerifier
        do { verifier = try TrustVerifier(anchors: anchors, intermediates: offered, policy: request.policy, at: request.at) }
        catch { throw Diagnostics([Diagnostic(file: error.file, code: "unreadable_crl", message: "--crl: " + error.message)]) }
        let verdict = verifier.verdict(for: peer, purpose: request.purpose, name: request.name)

        var warnings: [VerifyDocument.Warning] = []
        if verdict.verified, request.policy.profile == .compatible {
            let strict = try? TrustVerifier(anchors: anchors, intermediates: offered, policy: request.policy.asStrict, at: request.at)
            if let strictVerdict = strict?.verdict(for: peer, purpose: request.purpose, name: request.name), !strictVerdict.verified {
                warnings.append(.init(code: "strict_validation_failed",
                                      detail: "the strict profile rejects this chain: \(strictVerdict.reason ?? "") (\(strictVerdict.code))"))
            }
        }
        return VerifyDocument(request: request, peer: peer, verdict: verdict, offered: offered.count,
                              anchors: anchors.count, warnings: warnings)
    }
}
