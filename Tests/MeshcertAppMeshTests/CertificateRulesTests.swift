import Foundation
import MeshcertInventory
import MeshcertSupport
import Testing
@testable import MeshcertAppMesh

/// `trust_not_root_ca` and `wildcard_san_enforced`: the App Mesh rules on trusts and wildcard SANs.
@Suite struct CertificateRulesTests {
    static let root = ScannedCertificate(subject: "CN=Root", issuer: "CN=Root", selfSigned: true, isCA: true)
    static let intermediate = ScannedCertificate(subject: "CN=Issuing", issuer: "CN=Root", selfSigned: false, isCA: true)
    static let selfSignedLeaf = ScannedCertificate(subject: "CN=pinned", issuer: "CN=pinned", selfSigned: true, isCA: false)
    static let leaf = ScannedCertificate(subject: "CN=users", issuer: "CN=Issuing", selfSigned: false, isCA: false, dnsNames: ["users.apps.local"])

    static func linker(_ files: [String: [ScannedCertificate]]) -> CertificateLinker {
        CertificateLinker(files: files.map { ScannedCertificateFile(path: $0.key, certificates: $0.value.count, members: $0.value) }, at: 0)
    }

    static func findings(_ config: AppMeshConfiguration, _ linker: CertificateLinker?, node: String, code: String) -> [MeshFinding] {
        let result = MeshAnalyzer.analyze(config, certificates: linker)
        return result.nodes.first { $0.node.name == node }?.findings.filter { $0.code == code } ?? []
    }

    // MARK: trust_not_root_ca

    /// A listener validation trusting `listenerTrust`, a client policy trusting `policyTrust`.
    static func trusting(listenerTrust: String, policyTrust: String) -> AppMeshConfiguration {
        Fixtures.read(Fixtures.virtualNode("n", spec: """
            {"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}, "tls": {"mode": "STRICT",
               "certificate": {"sds": {"secretName": "s"}},
               "validation": {"trust": {"file": {"certificateChain": "\(listenerTrust)"}}}}}],
             "backends": [{"virtualService": {"virtualServiceName": "users.apps.local", "clientPolicy": {"tls": {
               "validation": {"trust": {"file": {"certificateChain": "\(policyTrust)"}}}}}}}]}
            """))
    }

    @Test func bundleWithAnIntermediateIsFlaggedARootIsNot() throws {
        let linker = Self.linker(["pki/ca-bundle.pem": [Self.intermediate, Self.root], "pki/root.pem": [Self.root]])
        let config = Self.trusting(listenerTrust: "/etc/envoy/certs/ca-bundle.pem", policyTrust: "/etc/envoy/certs/root.pem")
        let found = Self.findings(config, linker, node: "n", code: "trust_not_root_ca")
        let f = try #require(found.first)
        #expect(found.count == 1)
        #expect(f.severity == .warning)
        // Names the configured file, where it is used, the scanned file and the offending subject.
        #expect(f.message.hasPrefix("trust /etc/envoy/certs/ca-bundle.pem (listener 8080) → pki/ca-bundle.pem"))
        #expect(f.message.contains("CN=Issuing (intermediate CA, issued by CN=Root)"))
        #expect(!f.message.contains("CN=Root ("))
        #expect(f.fix.contains("root CAs"))
        // Without --certs nothing is known about the files: no finding.
        #expect(Self.findings(config, nil, node: "n", code: "trust_not_root_ca").isEmpty)
    }

    @Test func oneFindingPerFileListingEveryUseAndEveryOffender() throws {
        let linker = Self.linker(["pki/mixed.pem": [Self.root, Self.selfSignedLeaf, Self.leaf]])
        let config = Self.trusting(listenerTrust: "/etc/envoy/certs/mixed.pem", policyTrust: "/etc/envoy/certs/mixed.pem")
        let found = Self.findings(config, linker, node: "n", code: "trust_not_root_ca")
        #expect(found.count == 1)
        let message = try #require(found.first?.message)
        #expect(message.contains("(listener 8080, backend users.apps.local)"))
        #expect(message.contains("2 certificates that are not root CAs"))
        #expect(message.contains("CN=pinned (self-signed but not a CA: no basicConstraints CA:TRUE)"))
        #expect(message.contains("CN=users (end-entity certificate, issued by CN=Issuing)"))
    }

    @Test func acmAndSDSTrustsAndUnscannedFilesSayNothing() {
        let config = Fixtures.read(Fixtures.virtualNode("n", spec: """
            {"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}, "tls": {"mode": "STRICT",
               "certificate": {"sds": {"secretName": "s"}}, "validation": {"trust": {"sds": {"secretName": "ca"}}}}}],
             "backendDefaults": {"clientPolicy": {"tls": {"validation": {"trust": {"acm": {
               "certificateAuthorityArns": ["arn:aws:acm-pca:eu-west-1:1:certificate-authority/p"]}}}}}},
             "backends": [{"virtualService": {"virtualServiceName": "b", "clientPolicy": {"tls": {
               "validation": {"trust": {"file": {"certificateChain": "/etc/envoy/certs/elsewhere.pem"}}}}}}}]}
            """))
        let linker = Self.linker(["pki/ca-bundle.pem": [Self.intermediate]])
        #expect(Self.findings(config, linker, node: "n", code: "trust_not_root_ca").isEmpty)
        // The unscanned trust file is certificate_file_missing, not a root CA finding.
        #expect(Self.findings(config, linker, node: "n", code: "certificate_file_missing").count == 1)
    }

    /// The inventory's own fields on the demo PKI: the bundle holds the intermediate and the root.
    @Test func demoBundleThroughTheRealInventory() throws {
        let pki = Fixtures.repoRoot.appendingPathComponent("Certs/pki").path
        let inventory = try InventoryScanner.scan(paths: [pki], options: ScanOptions(evaluatedAt: Timestamp.parse("2026-12-02T00:00:00Z")!))
        let linker = CertificateLinker(inventory: inventory)
        let bundle = try #require(linker.match("/etc/envoy/certs/ca-bundle.pem"))
        #expect(bundle.members.map(\.isRootCA) == [false, true])
        #expect(bundle.members.first?.subject.contains("CN=Example Corp App Mesh Issuing CA") == true)
        #expect(linker.match("/etc/envoy/certs/root-ca.pem")?.members.map(\.isRootCA) == [true])
        #expect(linker.match("/etc/envoy/certs/users.pem")?.members.first?.dnsNames.contains("users.apps.local") == true)

        let config = Self.trusting(listenerTrust: "/etc/envoy/certs/ca-bundle.pem", policyTrust: "/etc/envoy/certs/root-ca.pem")
        let found = Self.findings(config, linker, node: "n", code: "trust_not_root_ca")
        #expect(found.count == 1)
        #expect(found.first?.message.contains("/etc/envoy/certs/ca-bundle.pem (listener 8080)") == true)
    }

    /// scan's incomplete_chain hint names --trust; seen from `mesh scan` it names --certs.
    @Test func incompleteChainPointsToCerts() throws {
        let leaf = Fixtures.repoRoot.appendingPathComponent("Certs/pki/frontend.pem").path
        let inventory = try InventoryScanner.scan(paths: [leaf], options: ScanOptions(evaluatedAt: Timestamp.parse("2026-12-02T00:00:00Z")!))
        #expect(inventory.certificates.first?.findings.first { $0.code == "incomplete_chain" }?.message.hasSuffix(", or pass --trust") == true)
        let file = try #require(CertificateLinker(inventory: inventory).match("/etc/envoy/certs/frontend.pem"))
        let finding = try #require(file.findings.first { $0.code == "incomplete_chain" })
        #expect(finding.message.hasSuffix("add the missing intermediate or root to --certs"), "\(finding.message)")
    }

    // MARK: wildcard_san_enforced, client side (no --certs needed)

    static func policyNode(enforce: String, sans: String, backend: Bool = true) -> MeshNode {
        let tls = "{\(enforce)\"validation\": {\"trust\": {\"file\": {\"certificateChain\": \"/ca.pem\"}}, \"subjectAlternativeNames\": {\"match\": {\"exact\": \(sans)}}}}"
        return Fixtures.node(backend
            ? "{\"backends\": [{\"virtualService\": {\"virtualServiceName\": \"users.apps.local\", \"clientPolicy\": {\"tls\": \(tls)}}}]}"
            : "{\"backendDefaults\": {\"clientPolicy\": {\"tls\": \(tls)}}}")
    }

    @Test func enforcedPolicyWithAWildcardSANIsAWarning() throws {
        // enforce defaults to true.
        let f = try #require(MeshRules.wildcardSANEnforced(Self.policyNode(enforce: "", sans: #"["users.apps.local", "*.apps.local"]"#)).first)
        #expect(f.code == "wildcard_san_enforced" && f.severity == .warning)
        #expect(f.message == "client policy to backend users.apps.local is enforced and matches wildcard SAN *.apps.local")
        #expect(f.fix.contains("exact DNS names"))
        let defaults = MeshRules.wildcardSANEnforced(Self.policyNode(enforce: "\"enforce\": true, ", sans: #"["*.apps.local"]"#, backend: false))
        #expect(defaults.first?.message.contains("to every backend (backendDefaults)") == true)
        // It is one of the node's findings.
        #expect(MeshRules.nodeFindings(Self.policyNode(enforce: "", sans: #"["*.apps.local"]"#), costNote: "")
            .contains { $0.code == "wildcard_san_enforced" })
    }

    @Test func notEnforcedOrExactNamesSayNothing() {
        #expect(MeshRules.wildcardSANEnforced(Self.policyNode(enforce: "\"enforce\": false, ", sans: #"["*.apps.local"]"#)).isEmpty)
        #expect(MeshRules.wildcardSANEnforced(Self.policyNode(enforce: "", sans: #"["users.apps.local"]"#)).isEmpty)
        #expect(MeshRules.wildcardSANEnforced(Self.policyNode(enforce: "", sans: "[]")).isEmpty)
    }

    @Test func planListsTheWarningBesideThePlan() throws {
        let config = Fixtures.read(Fixtures.virtualNode("frontend", spec: """
            {"backends": [{"virtualService": {"virtualServiceName": "users.apps.local", "clientPolicy": {"tls": {
               "validation": {"trust": {"file": {"certificateChain": "/ca.pem"}}, "subjectAlternativeNames": {"match": {"exact": ["*.apps.local"]}}}}}}}]}
            """))
        let plan = try #require(ServiceConnectPlanner.plan(MeshAnalyzer.analyze(config), options: ServiceConnectPlanOptions(pcaArn: "arn:aws:acm-pca:eu-west-1:1:certificate-authority/p")).first)
        #expect(plan.warnings.map(\.code) == ["wildcard_san_enforced"])
        #expect(plan.ready)
    }

    // MARK: wildcard_san_enforced, server side (--certs)

    /// frontend calls stock.apps.local (a router: stock 90, stock-v2 10) and users.apps.local (a node).
    static func shop(stockPolicy: String?, defaults: String? = nil) -> AppMeshConfiguration {
        func listener(_ cert: String) -> String {
            """
            {"listeners": [{"portMapping": {"port": 8443, "protocol": "http"}, "tls": {"mode": "STRICT",
               "certificate": {"file": {"certificateChain": "/etc/envoy/certs/\(cert).pem", "privateKey": "/etc/envoy/certs/\(cert).key"}}}}]}
            """
        }
        let stockBackend = stockPolicy.map { #", "clientPolicy": {"tls": \#($0)}"# } ?? ""
        let defaultsBlock = defaults.map { #""backendDefaults": {"clientPolicy": {"tls": \#($0)}}, "# } ?? ""
        let frontend = """
            {\(defaultsBlock)"backends": [{"virtualService": {"virtualServiceName": "stock.apps.local"\(stockBackend)}},
                          {"virtualService": {"virtualServiceName": "users.apps.local"}}]}
            """
        return Fixtures.read("[" + [
            Fixtures.virtualNode("frontend", spec: frontend),
            Fixtures.virtualNode("stock", spec: listener("wild")),
            Fixtures.virtualNode("stock-v2", spec: listener("exact")),
            Fixtures.virtualNode("users", spec: listener("wild-users")),
            #"{"virtualService": {"meshName": "m", "virtualServiceName": "stock.apps.local", "spec": {"provider": {"virtualRouter": {"virtualRouterName": "stock-router"}}}}}"#,
            #"{"virtualService": {"meshName": "m", "virtualServiceName": "users.apps.local", "spec": {"provider": {"virtualNode": {"virtualNodeName": "users"}}}}}"#,
            #"{"route": {"meshName": "m", "virtualRouterName": "stock-router", "routeName": "r", "spec": {"httpRoute": {"match": {"prefix": "/"}, "action": {"weightedTargets": [{"virtualNode": "stock", "weight": 90}, {"virtualNode": "stock-v2", "weight": 10}]}}}}}"#,
        ].joined(separator: ",") + "]")
    }

    static let certs = linker([
        "certs/wild.pem": [ScannedCertificate(subject: "CN=stock", issuer: "CN=Root", selfSigned: false, isCA: false, dnsNames: ["*.apps.local", "stock"])],
        "certs/exact.pem": [ScannedCertificate(subject: "CN=stock-v2", issuer: "CN=Root", selfSigned: false, isCA: false, dnsNames: ["stock.apps.local"])],
        "certs/wild-users.pem": [ScannedCertificate(subject: "CN=users", issuer: "CN=Root", selfSigned: false, isCA: false, dnsNames: ["*.apps.local"])],
    ])
    static let enforced = #"{"validation": {"trust": {"file": {"certificateChain": "/ca.pem"}}}}"#

    @Test func backendThroughARouterPresentingAWildcardToAnEnforcingCaller() throws {
        let config = Self.shop(stockPolicy: Self.enforced)
        #expect(config.errors.isEmpty, "\(config.errors)")
        let found = Self.findings(config, Self.certs, node: "stock", code: "wildcard_san_enforced")
        let f = try #require(found.first)
        #expect(found.count == 1 && f.severity == .warning)
        #expect(f.message == "listener 8443 presents /etc/envoy/certs/wild.pem → certs/wild.pem with wildcard SAN *.apps.local "
                + "to callers whose client policy is enforced: frontend (backend stock.apps.local)")
        // stock-v2 presents exact names; users has no client policy from frontend (no TLS enforced).
        #expect(Self.findings(config, Self.certs, node: "stock-v2", code: "wildcard_san_enforced").isEmpty)
        #expect(Self.findings(config, Self.certs, node: "users", code: "wildcard_san_enforced").isEmpty)
        // Without --certs the certificate's names are unknown.
        #expect(Self.findings(config, nil, node: "stock", code: "wildcard_san_enforced").isEmpty)
    }

    @Test func backendDefaultsApplyToEveryBackendWithoutItsOwnPolicy() {
        let config = Self.shop(stockPolicy: nil, defaults: Self.enforced)
        #expect(Self.findings(config, Self.certs, node: "stock", code: "wildcard_san_enforced").count == 1)
        // users is a node provider: reached through its virtual service.
        let users = Self.findings(config, Self.certs, node: "users", code: "wildcard_san_enforced")
        #expect(users.first?.message.hasSuffix("frontend (backend users.apps.local)") == true)
    }

    @Test func aWildcardBesideTheExactNameTheCallerUsesSaysNothing() {
        let config = Self.shop(stockPolicy: Self.enforced)
        let both = Self.linker([
            "certs/wild.pem": [ScannedCertificate(subject: "CN=stock", issuer: "CN=Root", selfSigned: false, isCA: false,
                                                  dnsNames: ["*.apps.local", "Stock.apps.local"])],
        ])
        #expect(Self.findings(config, both, node: "stock", code: "wildcard_san_enforced").isEmpty)
    }

    @Test func notEnforcedOrOtherPortsSayNothing() {
        // The backend's own policy (not enforced) overrides enforced defaults.
        let relaxed = Self.shop(stockPolicy: #"{"enforce": false, "validation": {"trust": {"file": {"certificateChain": "/ca.pem"}}}}"#,
                                defaults: Self.enforced)
        #expect(Self.findings(relaxed, Self.certs, node: "stock", code: "wildcard_san_enforced").isEmpty)
        // A policy for other ports does not cover listener 8443.
        let otherPort = Self.shop(stockPolicy: #"{"ports": [9000], "validation": {"trust": {"file": {"certificateChain": "/ca.pem"}}}}"#)
        #expect(Self.findings(otherPort, Self.certs, node: "stock", code: "wildcard_san_enforced").isEmpty)
        let samePort = Self.shop(stockPolicy: #"{"ports": [8443], "validation": {"trust": {"file": {"certificateChain": "/ca.pem"}}}}"#)
        #expect(Self.findings(samePort, Self.certs, node: "stock", code: "wildcard_san_enforced").count == 1)
    }

    @Test func resolverFollowsCRDNamesAndAWSNames() {
        var config = AppMeshConfiguration()
        config.nodes = [MeshNode(mesh: "m", name: "stock-k8s", awsName: "stock_m", kind: .virtualNode),
                        MeshNode(mesh: "other", name: "stock-k8s", kind: .virtualNode)]
        config.virtualServices = [MeshVirtualService(mesh: "m", name: "stock", awsName: "stock.apps.local", providerNode: "stock-k8s"),
                                  MeshVirtualService(mesh: "m", name: "routed", providerRouter: "r")]
        config.routes = [MeshRoute(mesh: "m", router: "r", name: "x", routeType: "httpRoute",
                                   weightedTargets: [WeightedTarget(virtualNode: "stock_m", weight: 1), WeightedTarget(virtualNode: "gone", weight: 1)])]
        let resolver = BackendResolver(config)
        #expect(resolver.nodes(serving: "stock", mesh: "m") == [0])
        #expect(resolver.nodes(serving: "stock.apps.local", mesh: "m") == [0])
        #expect(resolver.nodes(serving: "routed", mesh: "m") == [0])
        #expect(resolver.nodes(serving: "stock", mesh: "other").isEmpty)
        #expect(resolver.nodes(serving: "unknown", mesh: "m").isEmpty)
    }
}
