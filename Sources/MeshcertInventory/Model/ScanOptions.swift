import MeshcertOpenSSL
import MeshcertSupport

/// Inputs of one scan. Everything time-dependent uses `evaluatedAt`, never the clock.
public struct ScanOptions: Sendable {
    public var evaluatedAt: EpochSeconds
    public var warnDays: Int = 30
    public var maxFileSize: Int = 4 * 1024 * 1024
    /// Candidate PKCS#12 passwords, tried in order after the empty password. Never printed.
    public var pkcs12Passwords: [String] = []
    /// Files of trust anchors (`--trust`): their certificates make `chain.trusted` meaningful.
    public var trustFiles: [String] = []
    /// How chains are verified to those anchors (`--verify-profile`, `--max-depth`, `--crl`...).
    public var verification: VerificationPolicy = .compatible
    /// Worker threads for reading and parsing (default: one per core).
    public var workers: Int = 0

    public init(evaluatedAt: EpochSeconds) {
        self.evaluatedAt = evaluatedAt
    }
}
