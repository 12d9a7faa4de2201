import MeshcertRotation

// Exposure in all: expired, not yet valid and untrusted time together.

extension RotationDocument.ServiceSection {
    var exposedSeconds: Int64 { expiredSeconds + notYetValidSeconds + untrustedSeconds }
}

extension RotationDocument.TotalsSection {
    var exposedSeconds: Int64 { expiredSeconds + notYetValidSeconds + untrustedSeconds }
}
