import MeshcertSupport

// The one place that reads the embedded component documents, which are still JSON looked up by
// field name (`doc[path: ...]`, a missing field reading as empty). The builders and the page use
// these views only; when the typed component documents (ScanDocument, MeshDocument,
// MeshPlanDocument, RotationDocument, HandshakeDocument, LabDocument) land, each view becomes
// (or is replaced by) its typed document and nothing else has to change.

/// All five components of one report.
struct ComponentViews {
    let scan: ScanView?
    let mesh: MeshView?
    let plan: PlanView?
    let rotation: RotationView?
    let handshake: HandshakeView?

    init(_ c: ReportComponents) {
        scan = present(c.scan).map(ScanView.init)
        mesh = present(c.mesh).map(MeshView.init)
        plan = present(c.plan).map(PlanView.init)
        rotation = present(c.rotation).map(RotationView.init)
        handshake = present(c.handshake).map(HandshakeView.init)
    }
}

private func present(_ j: JSON?) -> JSON? { j.flatMap { $0.isNull ? nil : $0 } }

// MARK: meshcert.scan.v1

struct ScanView {
    let doc: JSON
    var certificates: [CertificateView] { doc[path: "certificates"].array.map(CertificateView.init) }
    var keyCount: Int { doc[path: "keys"].array.count }
    var errors: [(path: String?, code: String?, message: String?)] {
        doc[path: "errors"].array.map { ($0[path: "path"].stringValue, $0[path: "code"].stringValue, $0[path: "message"].stringValue) }
    }
    var errorCount: Int { doc[path: "errors"].array.count }
    var findingCounts: OrderedCounts {
        OrderedCounts(doc[path: "summary", "findings"].fields.map { OrderedCounts.Entry(key: $0.0, count: Int($0.1.int)) })
    }
}

struct CertificateView {
    let json: JSON
    var sha256: String { json[path: "sha256"].string }
    var subject: String { json[path: "subject"].string }
    var subjectCommonName: String? { json[path: "subjectCommonName"].stringValue }
    var notBefore: String { json[path: "notBefore"].string }
    var notAfter: String { json[path: "notAfter"].string }
    var keyType: String { json[path: "keyType"].string }
    var keyBits: Int64 { json[path: "keyBits"].int }
    var curve: String? { json[path: "curve"].stringValue }
    var isCA: Bool { json[path: "isCA"].bool }
    var dnsNames: [String] { json[path: "dnsNames"].array.map(\.string) }
    var usageMode: String? { json[path: "usageMode"].stringValue }
    var status: String { json[path: "status"].string }
    var locations: [(path: String, index: Int64)] { json[path: "locations"].array.map { ($0[path: "path"].string, $0[path: "index"].int) } }
    /// nil: no trust anchors were given.
    var chainTrusted: Bool? { let t = json[path: "chain", "trusted"]; return t.isNull ? nil : t.bool }
    var chainComplete: Bool { json[path: "chain", "complete"].bool }
    var findingCodes: [String] { json[path: "findings"].array.map { $0[path: "code"].string } }
}

// MARK: meshcert.mesh.v1

struct MeshView {
    let doc: JSON
    var nodes: [NodeView] { doc[path: "nodes"].array.map(NodeView.init) }
    var errors: [(file: String?, field: String?, message: String?)] {
        doc[path: "errors"].array.map { ($0[path: "file"].stringValue, $0[path: "field"].stringValue, $0[path: "message"].stringValue) }
    }
    /// The monthly Private CA estimate for this configuration, in both usage modes.
    var privateCACost: CACostView? { let c = doc[path: "summary", "privateCACost"]; return c.isNull ? nil : CACostView(json: c) }
}

struct CACostView {
    struct Mode { var totalMonthlyUSD, caMonthlyUSD, certificatesMonthlyUSD: Double?; var certificateAuthorities: Int }
    let json: JSON
    func mode(_ key: String) -> Mode {
        let m = json[path: key]
        return Mode(totalMonthlyUSD: m[path: "totalMonthlyUSD"].number, caMonthlyUSD: m[path: "caMonthlyUSD"].number,
                    certificatesMonthlyUSD: m[path: "certificatesMonthlyUSD"].number, certificateAuthorities: Int(m[path: "certificateAuthorities"].int))
    }
    var generalPurpose: Mode { mode("generalPurpose") }
    var shortLived: Mode { mode("shortLived") }
    var services: Int { Int(json[path: "services"].int) }
    var prices: String { json[path: "prices"].string }
}

struct FindingView {
    let json: JSON
    var code: String { json[path: "code"].string }
    var severity: String { json[path: "severity"].string }
    var message: String { json[path: "message"].string }
    var fix: String? { json[path: "fix"].stringValue }
}

struct NodeView {
    let json: JSON
    var mesh: String? { json[path: "mesh"].stringValue }
    var name: String { json[path: "name"].string }
    var kind: String? { json[path: "kind"].stringValue }
    var ready: Bool { json[path: "ready"].bool }
    var mtlsServer: Bool { json[path: "mtlsServer"].bool }
    var mtlsClient: Bool { json[path: "mtlsClient"].bool }
    var shared: Bool { json[path: "shared"].bool }
    var weightedRouteTarget: Bool { json[path: "weightedRouteTarget"].bool }
    var backends: [String] { json[path: "backends"].array.map(\.string) }
    var findings: [FindingView] { json[path: "findings"].array.map(FindingView.init) }
    /// "DNS host" or "Cloud Map namespace/service"; nil without service discovery.
    var serviceDiscovery: String? {
        let sd = json[path: "serviceDiscovery"]
        if sd.isNull { return nil }
        if sd[path: "type"].string == "dns" { return "DNS " + sd[path: "hostname"].string }
        return "Cloud Map " + sd[path: "namespace"].string + "/" + sd[path: "service"].string
    }
    var listeners: [(port: Int64, protocol: String, tlsMode: String?, certificateSource: String?, validation: Bool)] {
        json[path: "listeners"].array.map { l in
            (l[path: "port"].int, l[path: "protocol"].string, l[path: "tlsMode"].stringValue, l[path: "certificateSource"].stringValue,
             !l[path: "validation"].isNull)
        }
    }
    /// Configured certificate files linked to the inventory.
    var linkedCertificates: [(file: String?, role: String, configuredPath: String?)] {
        json[path: "certificates"].array.map { ($0[path: "file"].stringValue, $0[path: "role"].string, $0[path: "configuredPath"].stringValue) }
    }
}

// MARK: meshcert.mesh.plan.v1

struct PlanView {
    let doc: JSON
    var plans: [PlanEntryView] { doc[path: "plans"].array.map(PlanEntryView.init) }
}

struct PlanEntryView {
    let json: JSON
    var mesh: String { json[path: "mesh"].string }
    var node: String { json[path: "node"].string }
    var ready: Bool { json[path: "ready"].bool }
    var blockers: [FindingView] { json[path: "blockers"].array.map(FindingView.init) }
    var warningCodes: [String] { json[path: "warnings"].array.map { $0[path: "code"].string } }
    var notes: [String] { json[path: "notes"].array.map(\.string) }
    var configuration: JSON { json[path: "serviceConnectConfiguration"] }
    var namespace: String? { configuration[path: "namespace"].stringValue }
    var discoveryNames: [String] { configuration[path: "services"].array.map { $0[path: "discoveryName"].string } }
    var clientAliases: [String] {
        configuration[path: "services"].array.flatMap { s in s[path: "clientAliases"].array.map { "\($0[path: "dnsName"].string):\($0[path: "port"].int)" } }
    }
}

// MARK: meshcert.rotation.v1

struct RotationView {
    let doc: JSON
    var file: String { doc[path: "scenario", "file"].string }
    var start: String { doc[path: "scenario", "start"].string }
    var end: String { doc[path: "scenario", "end"].string }
    var mode: String { doc[path: "scenario", "mode"].string }
    var lifetimeSeconds: Int64 { doc[path: "scenario", "lifetimeSeconds"].int }
    var renewAtSeconds: Int64 { doc[path: "scenario", "renewAtSeconds"].int }
    var warnings: [String] { doc[path: "warnings"].array.map { $0.stringValue ?? $0.render(pretty: false) } }
    var services: [RotationServiceView] { doc[path: "services"].array.map(RotationServiceView.init) }
    var totalExposedSeconds: Int64 {
        let t = doc[path: "totals"]
        return t[path: "expiredSeconds"].int + t[path: "notYetValidSeconds"].int + t[path: "untrustedSeconds"].int
    }
    var totalMinMarginSeconds: Int64? { doc[path: "totals", "minMarginSeconds"].intValue }
    var cost: (mode: String, total: Double, certificates: Int, alternativeMode: String, alternativeTotal: Double, alternativeCertificates: Int) {
        let c = doc[path: "cost"]
        return (c[path: "mode"].string, c[path: "total"].number ?? 0, Int(c[path: "certificates"].int),
                c[path: "alternative", "mode"].string, c[path: "alternative", "total"].number ?? 0, Int(c[path: "alternative", "certificates"].int))
    }
}

struct RotationServiceView {
    let json: JSON
    var name: String? { json[path: "name"].stringValue }
    var tasks: Int { Int(json[path: "tasks"].int) }
    var issuances: Int { Int(json[path: "issuances"].int) }
    var failedRequests: Int64 { json[path: "failedRequests"].int }
    var expiredSeconds: Int64 { json[path: "expiredSeconds"].int }
    var notYetValidSeconds: Int64 { json[path: "notYetValidSeconds"].int }
    var untrustedSeconds: Int64 { json[path: "untrustedSeconds"].int }
    var exposedSeconds: Int64 { expiredSeconds + notYetValidSeconds + untrustedSeconds }
    var minMarginSeconds: Int64? { json[path: "minMarginSeconds"].intValue }
    var exposureWindows: [(start: String, end: String, task: String, kind: String)] {
        json[path: "exposureWindows"].array.map { ($0[path: "start"].string, $0[path: "end"].string, $0[path: "task"].string, $0[path: "kind"].string) }
    }
}

// MARK: meshcert.handshake.v1 and meshcert.lab.v1

struct HandshakeView {
    let doc: JSON
    var isLab: Bool { doc[path: "schema"].string == "meshcert.lab.v1" }
    var fault: (kind: String?, service: String?, environment: String?)? {
        let f = doc[path: "fault"]
        return f.isNull ? nil : (f[path: "kind"].stringValue, f[path: "service"].stringValue, f[path: "environment"].stringValue)
    }
    /// The lab's cells (who called whom, in which world), or nil for a plan's document.
    var cells: [(check: HandshakeCheckView, client: String?, clientEnvironment: String?, server: String?, serverEnvironment: String?, clientCertificate: Bool?)]? {
        guard let cells = doc["cells"] else { return nil }
        return cells.array.map { cell in
            (HandshakeCheckView(json: cell["check"] ?? .null), cell["client"]?.stringValue, cell["clientEnvironment"]?.stringValue,
             cell["server"]?.stringValue, cell["serverEnvironment"]?.stringValue, cell["clientCertificate"]?.bool)
        }
    }
    var checks: [HandshakeCheckView] { doc[path: "checks"].array.map(HandshakeCheckView.init) }
}

struct HandshakeCheckView {
    let json: JSON
    var name: String { json[path: "name"].string }
    var target: String { json[path: "target"].string }
    var serverName: String? { json["serverName"]?.stringValue }
    var reason: String { json[path: "reason"].string }
    var expected: String { json[path: "expected"].string }
    var matchedExpectation: Bool { json[path: "matchedExpectation"].bool }
    var `protocol`: String? { json[path: "protocol"].stringValue }
    var clientAuth: String { json[path: "clientAuth"].string }
    var serviceConnectCompatible: Bool { json[path: "serviceConnectCompatible"].bool }
    var detail: String { json[path: "detail"].string }
}
