/// One misconfiguration injected into one Service Connect server, to show its diagnosis.
public enum LabFault: String, Sendable, CaseIterable {
    /// Its certificate expired a day ago.
    case expired
    /// Its certificate names another service.
    case wrongName = "wrong-name"
    /// Its certificate comes from a CA nobody trusts.
    case untrusted
    /// It speaks TLS 1.2 at most.
    case tls12Only = "tls12-only"
    /// It demands client certificates (mutual TLS, which Service Connect does not have).
    case mtls
}

/// The two worlds side by side.
public enum LabEnvironment: String, Sendable, CaseIterable {
    case appmesh
    case serviceconnect
}
