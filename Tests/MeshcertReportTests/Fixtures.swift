@testable import MeshcertAppMesh
@testable import MeshcertHandshake
@testable import MeshcertInventory
@testable import MeshcertReport
@testable import MeshcertRotation
import MeshcertSupport

/// Small component documents, typed as the subcommands build them, for building reports by hand.
enum Fixtures {
    static let at = Timestamp.parse("2026-12-02T00:00:00Z")!

    /// The document as report.json holds it, for looking fields up by name.
    static func json(_ report: ReportDocument) -> JSON { try! JSONValueEncoder().encode(report) }

    static func instant(_ text: String) -> Instant { Instant(Timestamp.parse(text)!) }

    static func certificate(_ cn: String, sha: String, notBefore: String = "2026-01-01T00:00:00Z", notAfter: String,
                            status: String = "valid", dns: [String] = [], path: String, isCA: Bool = false,
                            mode: String? = "GENERAL_PURPOSE", findings: [String] = []) -> ScanDocument.Certificate {
        ScanDocument.Certificate(
            sha256: sha, subject: "CN=\(cn),O=Example", subjectCommonName: cn, issuer: "CN=Root CA,O=Example", issuerCommonName: "Root CA",
            serial: "01", notBefore: instant(notBefore), notAfter: instant(notAfter), validityDays: 1, keyType: "EC", keyBits: 256,
            curve: "P-256", signatureAlgorithm: "ecdsa-with-SHA256", isCA: isCA, pathLength: nil, selfSigned: false, dnsNames: dns,
            ipAddresses: [], uris: [], emails: [], keyUsage: [], extendedKeyUsage: [], subjectKeyIdentifier: nil,
            authorityKeyIdentifier: nil, publicKeySha256: sha, usageMode: mode.map { UsageMode(rawValue: $0)! },
            status: ValidityStatus(rawValue: status)!, locations: [ScanDocument.Location(path: path, format: .pem, index: 0)],
            chain: ScanDocument.Chain(issuerSha256: nil, complete: true, trusted: nil, trustError: nil), keyPaths: [],
            findings: findings.map { ScanDocument.Finding(code: $0, severity: .warning, message: $0) })
    }

    static func scan(_ certificates: [ScanDocument.Certificate]) -> ScanDocument {
        ScanDocument(evaluatedAt: instant("2026-12-02T00:00:00Z"), certificates: certificates, keys: [], notCertificates: [], errors: [],
                     summary: ScanDocument.Summary(files: certificates.count, skipped: 0, certificates: certificates.count, errors: 0,
                                                   locations: certificates.count, keys: 0, generalPurpose: 0, shortLived: 0,
                                                   certificateAuthorities: 0, findings: [:]))
    }

    static func linked(file: String, role: String, context: String, configuredPath: String) -> MeshDocument.LinkedCertificate {
        MeshDocument.LinkedCertificate(role: role, context: context, configuredPath: configuredPath, file: file, certificates: nil,
                                       subject: nil, notAfter: nil, usageMode: nil, findings: [])
    }

    static func node(_ name: String, ready: Bool, blockers: [String] = [], certificates: [MeshDocument.LinkedCertificate] = [],
                     weighted: Bool = false) -> MeshDocument.Node {
        let validation = MeshDocument.Validation(trustSource: .file, certificateAuthorityArns: [], certificateChain: nil, secretName: nil,
                                                 subjectAlternativeNames: [])
        return MeshDocument.Node(
            mesh: "shop", name: name, awsName: nil, kind: .virtualNode, meshOwner: nil, resourceOwner: nil, shared: false,
            serviceDiscovery: MeshDocument.ServiceDiscovery(type: .cloudMap, namespace: "shop.local", service: name, hostname: nil),
            listeners: [MeshDocument.Listener(port: 8080, protocol: "http", tlsMode: "STRICT", certificateSource: .file, certificateArn: nil,
                                              certificateChain: nil, privateKey: nil, secretName: nil,
                                              validation: blockers.contains("mtls_server") ? validation : nil, timeout: nil)],
            clientPolicies: [], backends: [],
            mtlsServer: blockers.contains("mtls_server"), mtlsClient: blockers.contains("mtls_client"),
            trustedCertificateAuthorityArns: [], weightedRouteTarget: weighted, ready: ready, certificates: certificates,
            findings: blockers.map { MeshDocument.Finding(code: $0, severity: .blocker, message: "\($0) on \(name)", fix: "fix \($0)") },
            sources: [])
    }

    static func mesh(_ nodes: [MeshDocument.Node]) -> MeshDocument {
        func mode(_ m: String, total: Double, ca: Double, certificates: Double) -> MeshDocument.ModeCost {
            MeshDocument.ModeCost(usageMode: m, certificateAuthorities: 1, certificatesPerMonth: 0, caMonthlyUSD: ca,
                                  certificatesMonthlyUSD: certificates, totalMonthlyUSD: total)
        }
        let counts = MeshDocument.OverallCounts(nodes: nodes.count, virtualGateways: 0, routes: 0, blockers: 0, warnings: 0, infos: 0,
                                                readyServices: 0, errors: 0)
        let cost = MeshDocument.Cost(prices: "list", services: nodes.count, tasksPerService: 1, certificatesInUse: 0,
                                     generalPurpose: mode("GENERAL_PURPOSE", total: 400.28, ca: 400, certificates: 0.28),
                                     shortLived: mode("SHORT_LIVED", total: 51.39, ca: 50, certificates: 1.39))
        return MeshDocument(evaluatedAt: nil, files: MeshDocument.Files(read: 1, skipped: 0), meshes: [], nodes: nodes, routes: [],
                            certificateAuthorities: [], errors: [], summary: MeshDocument.Summary(meshes: [], overall: counts, privateCACost: cost))
    }

    static func rotation(_ services: [(String, Int64)]) -> RotationDocument {
        let windowStart = Timestamp.parse("2026-12-08T00:00:00Z")!
        return RotationDocument(
            scenario: RotationDocument.ScenarioSection(file: "s.yaml", start: instant("2026-12-01T00:00:00Z"), end: instant("2026-12-31T00:00:00Z"),
                                                       seed: 1, mode: .shortLived, lifetimeSeconds: 604800, renewAtSeconds: 432000),
            warnings: [],
            services: services.map { name, expired in
                RotationDocument.ServiceSection(
                    name: name, tasks: 2, issuances: 12, failedRequests: 0, expiredSeconds: expired, notYetValidSeconds: 0, untrustedSeconds: 0,
                    minMarginSeconds: expired > 0 ? -expired : 3600,
                    exposureWindows: expired > 0 ? [RotationDocument.Window(start: Instant(windowStart), end: Instant(windowStart + expired),
                                                                            task: "\(name)/0", kind: .expired)] : [],
                    restarts: 0, waitingSeconds: 0, clients: [])
            },
            totals: RotationDocument.TotalsSection(tasks: 2 * services.count, issuances: 12 * services.count, failedRequests: 0,
                                                   expiredSeconds: services.reduce(0) { $0 + $1.1 }, notYetValidSeconds: 0, untrustedSeconds: 0,
                                                   minMarginSeconds: -1, peakIssuancesPerMinute: 1, restarts: 0, waitingSeconds: 0),
            cost: RotationDocument.CostSection(mode: .shortLived, total: 54.93, caFee: 50, certificateFees: 4.93, certificates: 85,
                                               alternative: RotationDocument.AlternativeCost(mode: .generalPurpose, total: 440.5, certificates: 54,
                                                                                             caFee: 400, certificateFees: 40.5,
                                                                                             lifetimeSeconds: 31536000, renewAtSeconds: 25920000),
                                               currency: "USD"))
    }

    static func check(_ name: String, target: String = "127.0.0.1:1", serverName: String? = nil, reason: String, expected: String,
                      protocolVersion: String? = "TLSv1.3") -> HandshakeDocument.Check {
        let r = HandshakeReason(rawValue: reason)!
        return HandshakeDocument.Check(
            name: name, target: target, serverName: serverName, outcome: r == .ok ? .ok : .fail, reason: r, detail: "d",
            protocolVersion: protocolVersion, cipher: nil, group: nil, clientAuth: .none, peerChain: [],
            serviceConnectCompatible: r == .ok, connectMs: nil, handshakeMs: nil, expected: HandshakeReason(rawValue: expected)!,
            matchedExpectation: reason == expected, load: nil)
    }

    static func plan(_ checks: [HandshakeDocument.Check]) -> HandshakeComponent {
        .plan(HandshakeDocument(at: nil, checks: checks, summary: HandshakeDocument.Summary([])))
    }

    static func lab(_ cells: [(client: String, server: String, env: String, reason: String, expected: String)]) -> HandshakeComponent {
        .lab(LabDocument(
            at: instant("2026-12-02T00:00:00Z"), fault: nil, servers: [],
            cells: cells.map { c in
                LabDocument.Cell(client: c.client, clientEnvironment: .serviceconnect, server: c.server,
                                 serverEnvironment: LabEnvironment(rawValue: c.env)!, clientCertificate: false,
                                 check: check("\(c.client)->\(c.server)", reason: c.reason, expected: c.expected))
            },
            summary: HandshakeDocument.Summary([])))
    }
}
