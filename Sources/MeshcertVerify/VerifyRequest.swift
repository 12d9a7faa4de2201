import MeshcertOpenSSL
import MeshcertSupport

/// What `meshcert verify` is asked: one peer certificate, its trust anchors and offered
/// intermediates, what it is for, and the policy to judge it by.
public struct VerifyRequest: Sendable {
    /// The first certificate is the peer; the rest of the file counts as offered intermediates.
    public var peerFile: String
    public var trustFiles: [String]
    public var chainFiles: [String]
    public var name: PeerName?
    public var purpose: VerificationPurpose?
    /// The evaluation time (`--at`, else now).
    public var at: EpochSeconds
    public var policy: VerificationPolicy
    /// Candidate passwords for PKCS#12 files (the empty one is always tried first).
    public var pkcs12Passwords: [String] = []

    public init(peerFile: String, trustFiles: [String], chainFiles: [String] = [], name: PeerName? = nil,
                purpose: VerificationPurpose? = nil, at: EpochSeconds, policy: VerificationPolicy = .compatible) {
        self.peerFile = peerFile
        self.trustFiles = trustFiles
        self.chainFiles = chainFiles
        self.name = name
        self.purpose = purpose
        self.at = at
        self.policy = policy
    }
}
