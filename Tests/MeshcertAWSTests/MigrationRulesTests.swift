import MeshcertAppMesh
import MeshcertSupport
import Testing
@testable import MeshcertAWS

/// Every state and every finding code on small typed worlds.
@Suite struct MigrationRulesTests {
    typealias W = MigrationWorlds

    @Test(arguments: MigrationFindingCode.allCases)
    func everyFindingCodeIsRaisedWithItsSeverityAndFix(_ code: MigrationFindingCode) throws {
        let doc = W.evaluate(W.raising(code))
        let users = try #require(doc.services.first { $0.name == "users" })
        let finding = try #require(users.findings.first { $0.code == code }, "\(code) not raised: \(users.findings.map(\.code))")
        #expect(finding.severity == code.severity)
        #expect(!finding.fix.isEmpty && !finding.message.isEmpty)
        #expect(users.state == (code.severity == .blocker ? .blocked : .greenDeployed), "\(code)")
        // The clean world raises none of them.
        #expect(W.evaluate(W.paired()).services[0].findings.isEmpty)
    }

    @Test func blockersAreTheFiveTheIssueNames() {
        let blockers = MigrationFindingCode.allCases.filter { $0.severity == .blocker }.map(\.rawValue)
        #expect(Set(blockers) == ["green_tls_disabled", "mtls_lost", "pca_not_active", "pca_key_algorithm_unsupported", "weighted_routing_lost"])
    }

    @Test func generalPurposePriceComesFromThePriceTable() throws {
        let finding = try #require(W.evaluate(W.raising(.pcaGeneralPurpose)).services[0].findings.first)
        #expect(finding.message.contains("$\(Int(PrivateCAListPrices.generalPurposeCAMonthly))"))
        #expect(finding.message.contains("$\(Int(PrivateCAListPrices.shortLivedCAMonthly))"))
        let doc = W.evaluate(W.raising(.pcaGeneralPurpose))
        #expect(doc.privateCAs[0].monthlyListPriceUSD == PrivateCAListPrices.generalPurposeCAMonthly)
        #expect(doc.privateCAMonthlyUSD == PrivateCAListPrices.generalPurposeCAMonthly)
        #expect(doc.privateCAs[0].usedByGreen == ["users"])
    }

    @Test func expiryWarningsFollowWarnDays() {
        let world = W.raising(.pcaExpiring)  // the CA ends in 30 days
        #expect(W.evaluate(world).services[0].findings.map(\.code) == [.pcaExpiring])
        #expect(W.evaluate(world, options: MigrationOptions(at: W.at, warnDays: 29)).services[0].findings.isEmpty)
        let acm = W.raising(.acmExpiring)  // the certificate ends in 10 days
        #expect(W.evaluate(acm, options: MigrationOptions(at: W.at, warnDays: 9)).services[0].findings.isEmpty)
        #expect(W.evaluate(acm, options: MigrationOptions(at: W.at + 11 * W.day, warnDays: 0)).services[0].findings.first?.message.contains("expired") == true)
    }

    @Test func mtlsAsClientIsLostToo() {
        var world = W.paired()
        world.appMesh.nodes = [W.node("users", presentsClientCertificate: true)]
        let users = W.evaluate(world).services[0]
        #expect(users.findings.map(\.code) == [.mtlsLost])
        #expect(users.blue?.mtlsClient == true && users.blue?.mtlsServer == false)
    }

    @Test func plaintextOnBothSidesIsNotABlocker() {
        var world = W.paired()
        world.appMesh.nodes = [W.node("users", tls: nil)]
        world.services = [W.green("users", pca: nil)]
        let users = W.evaluate(world).services[0]
        #expect(users.findings.isEmpty && users.state == .greenDeployed && users.green?.tls == false)
    }

    // MARK: states

    @Test func notStartedWithoutAGreenCopy() {
        var world = W.paired()
        world.services = []
        let doc = W.evaluate(world)
        #expect(doc.services.map(\.state) == [.notStarted])
        #expect(doc.counts.notStarted == 1 && doc.counts.total == 1)
    }

    @Test func greenDeployedWithoutTraffic() {
        let doc = W.evaluate(W.paired())
        #expect(doc.services.map(\.state) == [.greenDeployed])
        #expect(doc.services[0].pairedBy == "dns_label")
        #expect(doc.services[0].greenShare == nil)
    }

    @Test func shiftingOnAnALBSplit() throws {
        var world = W.paired()
        W.albSplit(&world, blue: 3, green: 1)
        let doc = W.evaluate(world)
        let users = try #require(doc.services.first)
        #expect(users.state == .shifting)
        #expect(users.greenShare == 0.25)
        #expect(users.entryPoints == ["shop-alb:443 default"])
        #expect(users.blue?.ecsServices.map(\.service) == ["users"] && users.blue?.runningCount == 2)
        let entry = try #require(doc.traffic.first)
        #expect(entry.source == "alb")
        #expect(entry.sets.map(\.id) == ["blue-users", "green-users"])
        #expect(entry.sets.map(\.share) == [0.75, 0.25])
        #expect(entry.sets.map(\.green) == [false, true])
        #expect(entry.sets.map(\.service) == ["users", "users"])
    }

    @Test func migratedAtBlueWeightZero() {
        var world = W.paired()
        W.albSplit(&world, blue: 0, green: 5)
        #expect(W.evaluate(world).services[0].state == .migrated)
    }

    @Test func migratedWhenBlueIsGone() {
        var world = W.paired()
        world.appMesh = AppMeshConfiguration()
        let doc = W.evaluate(world)
        #expect(doc.services.map(\.state) == [.migrated])
        #expect(doc.services[0].blue == nil && doc.services[0].pairedBy == nil)
    }

    @Test func blockedComesFirst() {
        var world = W.raising(.mtlsLost)
        W.albSplit(&world, blue: 0, green: 1)
        #expect(W.evaluate(world).services[0].state == .blocked)
        world.services = []
        world.listeners = []
        #expect(W.evaluate(world).services[0].state == .blocked)  // not_started, but blocked first
    }

    // MARK: traffic

    @Test func route53SharesNeedNotAddUpTo100() throws {
        var world = W.paired()
        world.services = [W.green("users", dnsName: "users.sc.shop.local")]
        world.recordSets = [
            ResourceRecordSet(name: "users.example.com.", setIdentifier: "blue", weight: 3, value: "users.shop.local"),
            ResourceRecordSet(name: "users.example.com.", setIdentifier: "green", weight: 1, value: "users.sc.shop.local"),
        ]
        let doc = W.evaluate(world)
        let entry = try #require(doc.traffic.first)
        #expect(entry.name == "users.example.com CNAME" && entry.source == "route53")
        #expect(entry.sets.map(\.share) == [0.75, 0.25])
        #expect(entry.sets.map(\.green) == [false, true])
        #expect(doc.services[0].state == .shifting && doc.services[0].greenShare == 0.25)
    }

    @Test func allZeroWeightsAreEqualSharesAndGreenSetOverrides() throws {
        var world = W.paired()
        world.recordSets = [
            ResourceRecordSet(name: "api.example.com.", setIdentifier: "old", weight: 0, value: "elsewhere.example.net"),
            ResourceRecordSet(name: "api.example.com.", setIdentifier: "new", weight: 0, value: "users.shop.local"),
        ]
        let plain = try #require(W.evaluate(world).traffic.first)
        #expect(plain.sets.map(\.share) == [0.5, 0.5] && plain.greenShare == 0)
        let told = try #require(W.evaluate(world, options: MigrationOptions(at: W.at, greenSets: ["new"])).traffic.first)
        #expect(told.sets.map(\.green) == [false, true] && told.greenShare == 0.5)
        #expect(W.evaluate(world, options: MigrationOptions(at: W.at, greenSets: ["new"])).problems.isEmpty)
        // A green set that names nothing is a problem, not silence.
        let typo = W.evaluate(world, options: MigrationOptions(at: W.at, greenSets: ["nwe"]))
        #expect(typo.problems.map(\.code) == ["green_set_unmatched"])
        #expect(typo.problems.first?.message.contains("'nwe'") == true)
    }

    @Test func route53AliasToALoadBalancerThatLeadsToGreen() throws {
        var world = W.paired()
        W.albSplit(&world, blue: 0, green: 1)
        world.recordSets = [
            ResourceRecordSet(name: "www.example.com.", type: "A", setIdentifier: "alb", weight: 1, alias: "dualstack.shop-alb-1.eu-west-1.elb.amazonaws.com."),
            ResourceRecordSet(name: "www.example.com.", type: "A", setIdentifier: "legacy", weight: 1, value: "203.0.113.10"),
        ]
        let entry = try #require(W.evaluate(world).traffic.first { $0.source == "route53" })
        #expect(entry.sets.map(\.green) == [true, false])
        #expect(entry.sets[0].service == "users")
    }

    // MARK: pairing

    @Test func pairsByCloudMapNameAndLegacyEnvoyVariable() throws {
        var world = AWSWorld()
        world.appMesh.nodes = [W.node("orders-v3", cloudMap: "orders")]
        world.services = [W.green("orders-sc", discoveryName: "orders")]
        world.certificateAuthorities = [CertificateAuthority(arn: W.shortCA, notAfter: W.at + 1_000 * W.day)]
        W.addBlueECS(&world, node: "orders-v3", legacy: true)
        let doc = W.evaluate(world)
        #expect(doc.services.count == 1)
        let orders = try #require(doc.services.first)
        #expect(orders.pairedBy == "cloud_map" && orders.name == "orders")
        #expect(orders.blue?.ecsServices.first?.virtualNode == "orders-v3")
        #expect(orders.green?.service == "orders-sc")
    }

    @Test func ecsServiceNameIsTheWeakestPairing() throws {
        var world = W.paired()
        world.services = [W.green("users", discoveryName: "users-api")]
        let users = try #require(W.evaluate(world).services.first)
        #expect(users.pairedBy == "ecs_service" && users.green?.service == "users")
        world.appMesh.virtualServices = []
        world.appMesh.nodes = [W.node("users-api")]
        #expect(W.evaluate(world).services.first?.pairedBy == "virtual_node")
    }

    @Test func mapPairsWhatNamesDoNot() throws {
        var world = AWSWorld()
        world.appMesh.nodes = [W.node("legacy-billing")]
        world.services = [W.green("invoices")]
        world.certificateAuthorities = [CertificateAuthority(arn: W.shortCA, notAfter: W.at + 1_000 * W.day)]
        #expect(W.evaluate(world).services.count == 2)
        let map = ServiceMap(pairs: [.init(name: "billing", blue: "shop/legacy-billing", green: "green/invoices")])
        let doc = W.evaluate(world, map: map)
        #expect(doc.services.map(\.name) == ["billing"])
        #expect(doc.services[0].pairedBy == "map" && doc.services[0].state == .greenDeployed)
        #expect(doc.problems.isEmpty)
        // A pair neither side of which names anything is a problem (a typo, or a stale map);
        // one side alone missing is a normal stage (green not created yet, blue already gone).
        let typo = W.evaluate(world, map: ServiceMap(pairs: [.init(name: "billing", blue: "shop/legacy-biling", green: "green/invoice")]))
        #expect(typo.problems.map(\.code) == ["map_unmatched"])
        #expect(typo.problems.first?.message
                == "--map pair 'billing': neither blue 'shop/legacy-biling' nor green 'green/invoice' names a service in the snapshot")
        #expect(typo.services.count == 2)
        let ahead = W.evaluate(world, map: ServiceMap(pairs: [.init(name: "billing", blue: "shop/legacy-billing", green: "green/not-yet")]))
        #expect(ahead.problems.isEmpty)
    }

    @Test func inProgressDeploymentIsReportedBesideThePrimary() throws {
        var world = W.paired()
        let sc = world.services[0].primaryDeployment!.serviceConnectConfiguration
        world.services[0].deployments = [Deployment(id: "new", status: "PRIMARY", rolloutState: "IN_PROGRESS", runningCount: 1, desiredCount: 3, serviceConnect: sc),
                                         Deployment(id: "old", status: "ACTIVE", rolloutState: "COMPLETED", runningCount: 2, desiredCount: 0, serviceConnect: sc)]
        let green = try #require(W.evaluate(world).services[0].green)
        #expect(green.runningCount == 1 && green.desiredCount == 3)
        #expect(green.inProgress?.id == "new")
    }

    @Test func taskDefinitionNamesItsVirtualNode() {
        let modern = TaskDefinition(arn: "td", virtualNode: "mesh/shop/virtualNode/users")
        #expect(modern.virtualNode?.mesh == "shop" && modern.virtualNode?.node == "users")
        let legacy = TaskDefinition(arn: "td", virtualNode: "mesh/shop/virtualNode/users", legacyVariable: true)
        #expect(legacy.virtualNode?.node == "users" && legacy.isAppMesh)
        #expect(TaskDefinition(arn: "td").virtualNode == nil)
    }

    @Test func documentRoundTripsThroughTheJSONLayer() throws {
        var world = W.raising(.pcaGeneralPurpose)
        W.albSplit(&world, blue: 1, green: 1)
        let doc = W.evaluate(world)
        let json = try JSONValueEncoder().encode(doc)
        #expect(try JSONValueDecoder().decode(MigrationDocument.self, from: json) == doc)
        #expect(json["schema"]?.stringValue == "meshcert.migration.v1")
        #expect(DocumentJSON.keys(json["counts"]) == ["total", "blocked", "not_started", "green_deployed", "shifting", "migrated"])
        #expect(json["services"]?.arrayValue?.first?["state"]?.stringValue == "shifting")
    }
}
