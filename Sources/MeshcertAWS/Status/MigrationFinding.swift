import MeshcertSupport

/// A finding of the migration tracker: a documented code, its severity, what was seen and the fix.
public struct MigrationFinding: Codable, Sendable, Equatable {
    public var code: MigrationFindingCode
    public var severity: Severity
    public var message: String
    public var fix: String

    public enum Severity: String, Codable, Sendable {
        /// The service cannot move (or has moved with a loss) until this is fixed: state `blocked`.
        case blocker
        case warning
    }

    public init(_ code: MigrationFindingCode, _ message: String) {
        self.code = code
        severity = code.severity
        self.message = message
        fix = code.fix
    }
}

/// Every code `meshcert aws status` reports (docs/aws-status.md lists them with their fixes).
public enum MigrationFindingCode: String, Codable, Sendable, CaseIterable {
    case greenTLSDisabled = "green_tls_disabled"
    case mtlsLost = "mtls_lost"
    case pcaNotActive = "pca_not_active"
    case pcaKeyAlgorithmUnsupported = "pca_key_algorithm_unsupported"
    case weightedRoutingLost = "weighted_routing_lost"
    case pcaGeneralPurpose = "pca_general_purpose"
    case pcaExpiring = "pca_expiring"
    case pcaNotFound = "pca_not_found"
    case acmRenewalFailed = "acm_renewal_failed"
    case acmExpiring = "acm_expiring"
    case crossAccountMesh = "cross_account_mesh"
    case greenNotRunning = "green_not_running"

    public var severity: MigrationFinding.Severity {
        switch self {
        case .greenTLSDisabled, .mtlsLost, .pcaNotActive, .pcaKeyAlgorithmUnsupported, .weightedRoutingLost: return .blocker
        default: return .warning
        }
    }

    /// Key algorithms a Service Connect TLS issuer may use.
    public static let serviceConnectKeyAlgorithms = ["EC_prime256v1", "RSA_2048"]

    public var fix: String {
        switch self {
        case .greenTLSDisabled:
            return "Add tls{issuerCertificateAuthority{awsPcaAuthorityArn}} (and a roleArn) to the service's serviceConnectConfiguration and redeploy, before moving traffic."
        case .mtlsLost:
            return "Service Connect has no mutual TLS: decide that one-way TLS is enough (then remove tls.validation / the client certificate from the App Mesh node), or authenticate callers in the application."
        case .pcaNotActive:
            return "Activate the Private CA (install its certificate, or re-enable it) or point Service Connect at an ACTIVE one; Service Connect cannot issue certificates from it."
        case .pcaKeyAlgorithmUnsupported:
            return "Create a Private CA with key algorithm EC_prime256v1 or RSA_2048 (a CA's key algorithm cannot be changed) and use it for Service Connect TLS."
        case .weightedRoutingLost:
            return "Service Connect routes by name only: deploy each version as its own green service and split between them with ALB weighted target groups or Route 53 weighted records, or collapse to one version."
        case .pcaGeneralPurpose:
            return "It works; a SHORT_LIVED_CERTIFICATE CA costs less a month and needs no revocation: create one and move the Service Connect TLS to it."
        case .pcaExpiring:
            return "Renew the CA's certificate (or create a new CA and move to it) before it ends: Service Connect cannot issue past the CA's own expiry."
        case .pcaNotFound:
            return "Snapshot the account (and region) that owns the CA, or check the ARN: its usage mode, status and key algorithm cannot be checked."
        case .acmRenewalFailed:
            return "Fix what RenewalStatusReason says (the issuing CA's status, permissions, or domain validation) and renew; the blue side serves this certificate until the migration ends."
        case .acmExpiring:
            return "Renew or reissue the certificate, or finish moving this service to green before it ends."
        case .crossAccountMesh:
            return "The mesh is shared from another account (RAM): the green side needs a Cloud Map namespace shared through RAM in the same Region."
        case .greenNotRunning:
            return "Start the green service's tasks (desiredCount, deployment events, task failures) before moving traffic to it."
        }
    }
}
