/// Observed rotation of one target, measured against the configured expectation. Pure: the
/// history and the time come in, the verdict goes out (no clock read here).
public struct RotationStatus: Sendable, Equatable {
    public var target: String
    /// now − notBefore of the certificate served last.
    public var certificateAge: Int64?
    /// When the served certificate last changed (nil: no change seen yet).
    public var lastChange: Int64?
    /// notBefore of the served certificate − notBefore of the one before it: the renewal
    /// cadence as observed (nil until a change was seen).
    public var observedInterval: Int64?
    public var changes: Int64
    /// The served certificate is short-lived (valid no longer than the expected lifetime).
    public var shortLived: Bool
    /// A short-lived certificate still served past notBefore + renewAt + tolerance.
    public var renewalOverdue: Bool
    /// When renewal became (or becomes) overdue, for the log.
    public var overdueAt: Int64?

    public static func evaluate(_ history: TargetHistory, expectation: WatchConfig.RotationExpectation, now: Int64) -> RotationStatus {
        var status = RotationStatus(target: history.target, certificateAge: nil, lastChange: history.lastChange, observedInterval: nil,
                                    changes: history.changes, shortLived: false, renewalOverdue: false, overdueAt: nil)
        guard let current = history.currentCertificate else { return status }
        if let nb = current.notBefore { status.certificateAge = now - nb }
        if let i = history.certificates.lastIndex(where: { $0.sha256 == current.sha256 }), i > 0 {
            let previous = history.certificates[i - 1]
            if let a = current.notBefore, let b = previous.notBefore, a != b {
                status.observedInterval = a - b
            } else {
                status.observedInterval = current.firstSeen - previous.firstSeen
            }
        }
        if let nb = current.notBefore, let na = current.notAfter {
            status.shortLived = na - nb <= expectation.lifetime
            if status.shortLived {
                let due = nb + expectation.renewAt + expectation.tolerance
                status.overdueAt = due
                status.renewalOverdue = now >= due
            }
        }
        return status
    }
}
