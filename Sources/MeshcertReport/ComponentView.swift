import MeshcertAppMesh
import MeshcertHandshake
import MeshcertInventory
import MeshcertRotation
import MeshcertSupport

// The one place that reads the component documents: thin views over the typed documents
// (ScanDocument, MeshDocument, MeshPlanDocument, RotationDocument, HandshakeDocument,
// LabDocument), giving the builders and the page the values they show in the shapes they use.

/// All five components of one report.
struct ComponentViews {
    let scan: ScanView?
    let mesh: MeshView?
    let plan: PlanView?
    let rotation: RotationView?
    let handshake: HandshakeView?

    init(_ c: ReportComponents) {
        scan = c.scan.map(ScanView.init)
        mesh = c.mesh.map(MeshView.init)
        plan = c.plan.map(PlanView.init)
        rotation = c.rotation.map(RotationView.init)
        handshake = c.handshake.map(HandshakeView.init)
    }
}

// MARK: meshcert.scan.v1

struct ScanView {
    let doc: ScanDocument
    var certificates: [CertificateView] { doc.certificates.map(CertificateView.init) }
    var keyCount: Int { doc.keys.count }
    var errors: [(path: String?, code: String?, message: String?)] { doc.errors.map { ($0.path, $0.code, $0.message) } }
    var errorCount: Int { doc.errors.count }
    var findingCounts: OrderedCounts {
        OrderedCounts(doc.summary.findings.keys.sorted().map { OrderedCounts.Entry(key: $0, count: doc.summary.findings[$0]!) })
    }
}

struct CertificateView {
    let cert: ScanDocument.Certificate
    var sha256: String { cert.sha256 }
    var subject: String { cert.subject }
    var subjectCommonName: String? { cert.subjectCommonName }
    var notBefore: String { cert.notBefore.description }
    var notAfter: String { cert.notAfter.description }
    var keyType: String { cert.keyType }
    var keyBits: Int64 { Int64(cert.keyBits) }
    var curve: String? { cert.curve }
    var isCA: Bool { cert.isCA }
    var dnsNames: [String] { cert.dnsNames }
    var usageMode: String? { cert.usageMode?.rawValue }
    var status: String { cert.status.rawValue }
    var locations: [(path: String, index: Int64)] { cert.locations.map { ($0.path, Int64($0.index)) } }
    /// nil: no trust anchors were given.
    var chainTrusted: Bool? { cert.chain.trusted }
    var chainComplete: Bool { cert.chain.complete }
    var findingCodes: [String] { cert.findings.map(\.code) }
}

// MARK: meshcert.mesh.v1

struct MeshView {
    let doc: MeshDocument
    var nodes: [NodeView] { doc.nodes.map(NodeView.init) }
    var errors: [(file: String?, field: String?, message: String?)] { doc.errors.map { ($0.file, $0.field, $0.message) } }
    /// The monthly Private CA estimate for this configuration, in both usage modes.
    var privateCACost: CACostView? { CACostView(cost: doc.summary.privateCACost) }
}

struct CACostView {
    struct Mode { var totalMonthlyUSD, caMonthlyUSD, certificatesMonthlyUSD: Double?; var certificateAuthorities: Int }
    let cost: MeshDocument.Cost
    private func mode(_ m: MeshDocument.ModeCost) -> Mode {
        Mode(totalMonthlyUSD: m.totalMonthlyUSD, caMonthlyUSD: m.caMonthlyUSD, certificatesMonthlyUSD: m.certificatesMonthlyUSD,
             certificateAuthorities: m.certificateAuthorities)
    }
    var generalPurpose: Mode { mode(cost.generalPurpose) }
    var shortLived: Mode { mode(cost.shortLived) }
    var services: Int { cost.services }
    var prices: String { cost.prices }
}

struct FindingView {
    let finding: MeshDocument.Finding
    var code: String { finding.code }
    var severity: String { finding.severity.rawValue }
    var message: String { finding.message }
    var fix: String? { finding.fix }
}

struct NodeView {
    let node: MeshDocument.Node
    var mesh: String? { node.mesh }
    var name: String { node.name }
    var kind: String? { node.kind.rawValue }
    var ready: Bool { node.ready }
    var mtlsServer: Bool { node.mtlsServer }
    var mtlsClient: Bool { node.mtlsClient }
    var shared: Bool { node.shared }
    var weightedRouteTarget: Bool { node.weightedRouteTarget }
    var backends: [String] { node.backends }
    var findings: [FindingView] { node.findings.map(FindingView.init) }
    /// "DNS host" or "Cloud Map namespace/service"; nil without service discovery.
    var serviceDiscovery: String? {
        guard let sd = node.serviceDiscovery else { return nil }
        if sd.type == .dns { return "DNS " + (sd.hostname ?? "") }
        return "Cloud Map " + (sd.namespace ?? "") + "/" + (sd.service ?? "")
    }
    var listeners: [(port: Int64, protocol: String, tlsMode: String?, certificateSource: String?, validation: Bool)] {
        node.listeners.map { l in (Int64(l.port), l.protocol, l.tlsMode, l.certificateSource?.rawValue, l.validation != nil) }
    }
    /// Configured certificate files linked to the inventory.
    var linkedCertificates: [(file: String?, role: String, configuredPath: String?)] {
        node.certificates.map { ($0.file, $0.role, $0.configuredPath) }
    }
}

// MARK: meshcert.mesh.plan.v1

struct PlanView {
    let doc: MeshPlanDocument
    var plans: [PlanEntryView] { doc.plans.map(PlanEntryView.init) }
}

struct PlanEntryView {
    let plan: MeshPlanDocument.Plan
    var mesh: String { plan.mesh }
    var node: String { plan.node }
    var ready: Bool { plan.ready }
    var blockers: [FindingView] { plan.blockers.map(FindingView.init) }
    var warningCodes: [String] { plan.warnings.map(\.code) }
    var notes: [String] { plan.notes }
    /// Free-form by design: the ECS `serviceConnectConfiguration` as the plan writes it.
    var configuration: JSON { plan.serviceConnectConfiguration ?? .null }
    var namespace: String? { configuration["namespace"]?.stringValue }
    private var configuredServices: [JSON] { configuration["services"]?.arrayValue ?? [] }
    var discoveryNames: [String] { configuredServices.map { $0["discoveryName"]?.stringValue ?? "" } }
    var clientAliases: [String] {
        configuredServices.flatMap { s in
            (s["clientAliases"]?.arrayValue ?? []).map { "\($0["dnsName"]?.stringValue ?? ""):\($0["port"]?.intValue ?? 0)" }
        }
    }
}

// MARK: meshcert.rotation.v1

struct RotationView {
    let doc: RotationDocument
    var file: String { doc.scenario.file }
    var start: String { doc.scenario.start.description }
    var end: String { doc.scenario.end.description }
    var mode: String { doc.scenario.mode.rawValue }
    var lifetimeSeconds: Int64 { doc.scenario.lifetimeSeconds }
    var renewAtSeconds: Int64 { doc.scenario.renewAtSeconds }
    var warnings: [String] { doc.warnings }
    var services: [RotationServiceView] { doc.services.map(RotationServiceView.init) }
    var totalExposedSeconds: Int64 { doc.totals.expiredSeconds + doc.totals.notYetValidSeconds + doc.totals.untrustedSeconds }
    var totalMinMarginSeconds: Int64? { doc.totals.minMarginSeconds }
    var cost: (mode: String, total: Double, certificates: Int, alternativeMode: String, alternativeTotal: Double, alternativeCertificates: Int) {
        let c = doc.cost
        return (c.mode.rawValue, c.total, c.certificates, c.alternative.mode.rawValue, c.alternative.total, c.alternative.certificates)
    }
}

struct RotationServiceView {
    let service: RotationDocument.ServiceSection
    var name: String? { service.name }
    var tasks: Int { service.tasks }
    var issuances: Int { service.issuances }
    var failedRequests: Int64 { Int64(service.failedRequests) }
    var expiredSeconds: Int64 { service.expiredSeconds }
    var notYetValidSeconds: Int64 { service.notYetValidSeconds }
    var untrustedSeconds: Int64 { service.untrustedSeconds }
    var exposedSeconds: Int64 { expiredSeconds + notYetValidSeconds + untrustedSeconds }
    var minMarginSeconds: Int64? { service.minMarginSeconds }
    var exposureWindows: [(start: String, end: String, task: String, kind: String)] {
        service.exposureWindows.map { ($0.start.description, $0.end.description, $0.task, $0.kind.rawValue) }
    }
}

// MARK: meshcert.handshake.v1 and meshcert.lab.v1

struct HandshakeView {
    let doc: HandshakeComponent
    var isLab: Bool { if case .lab = doc { return true }; return false }
    var fault: (kind: String?, service: String?, environment: String?)? {
        guard case .lab(let lab) = doc, let f = lab.fault else { return nil }
        return (f.kind.rawValue, f.service, f.environment.rawValue)
    }
    /// The lab's cells (who called whom, in which world), or nil for a plan's document.
    var cells: [(check: HandshakeCheckView, client: String?, clientEnvironment: String?, server: String?, serverEnvironment: String?, clientCertificate: Bool?)]? {
        guard case .lab(let lab) = doc else { return nil }
        return lab.cells.map { cell in
            (HandshakeCheckView(check: cell.check), cell.client, cell.clientEnvironment.rawValue, cell.server, cell.serverEnvironment.rawValue,
             cell.clientCertificate)
        }
    }
    var checks: [HandshakeCheckView] {
        guard case .plan(let plan) = doc else { return [] }
        return plan.checks.map(HandshakeCheckView.init)
    }
}

struct HandshakeCheckView {
    let check: HandshakeDocument.Check
    var name: String { check.name }
    var target: String { check.target }
    var serverName: String? { check.serverName }
    var reason: String { check.reason.rawValue }
    var expected: String { check.expected.rawValue }
    var matchedExpectation: Bool { check.matchedExpectation }
    var `protocol`: String? { check.protocolVersion }
    var clientAuth: String { check.clientAuth.rawValue }
    var serviceConnectCompatible: Bool { check.serviceConnectCompatible }
    var detail: String { check.detail }
    var warnings: [String] { check.warnings.map { "\($0.code): \($0.detail)" } }
    var earliestExpiry: HandshakeDocument.Certificate? { check.chain?.earliestExpiry }
}
