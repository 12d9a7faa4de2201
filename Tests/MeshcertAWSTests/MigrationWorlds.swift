import MeshcertAppMesh
import MeshcertSupport
@testable import MeshcertAWS

/// Small typed worlds for the migration rules: one blue node, one green service, and what a
/// test adds to them.
enum MigrationWorlds {
    static let at = Timestamp.epoch(year: 2026, month: 12, day: 1)
    static let day: EpochSeconds = 86_400
    static let shortCA = "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/short"
    static let options = MigrationOptions(at: at)

    static func node(_ name: String, mesh: String = "shop", tls: String? = "STRICT", source: CertificateSource = .file, certificateArn: String? = nil,
                     requiresClientCertificates: Bool = false, presentsClientCertificate: Bool = false, cloudMap: String? = nil,
                     meshOwner: String = "111122223333") -> MeshNode {
        var listener = Listener(port: 8080, protocolName: "http")
        if let tls {
            listener.tlsMode = tls
            listener.certificate = TLSCertificate(source: source, certificateArn: certificateArn,
                                                  certificateChain: source == .file ? "/certs/chain.pem" : nil)
            if requiresClientCertificates { listener.validation = TLSValidation(trustSource: .file, certificateChain: "/certs/ca.pem") }
        }
        var policies: [ClientPolicy] = []
        if presentsClientCertificate {
            policies.append(ClientPolicy(backend: nil, certificate: TLSCertificate(source: .file, certificateChain: "/certs/client.pem")))
        }
        return MeshNode(mesh: mesh, name: name, kind: .virtualNode, meshOwner: meshOwner, resourceOwner: "111122223333",
                        serviceDiscovery: cloudMap.map { ServiceDiscovery(kind: .cloudMap, namespace: "shop.local", service: $0) },
                        listeners: [listener], clientPolicies: policies)
    }

    static func green(_ name: String, discoveryName: String? = nil, dnsName: String? = nil, pca: String? = shortCA, running: Int = 1,
                      targetGroups: [String] = []) -> ECSService {
        let sc = ServiceConnectConfiguration(namespace: "shop.local", services: [
            ServiceConnectService(discoveryName: discoveryName ?? name, dnsName: dnsName, pcaArn: pca),
        ])
        return ECSService(cluster: "green", name: name, taskDefinition: "td/green-\(name):1", runningCount: running, desiredCount: max(running, 1),
                          targetGroups: targetGroups, deployments: [Deployment(runningCount: running, desiredCount: max(running, 1), serviceConnect: sc)])
    }

    /// A blue ECS service behind Envoy, naming `mesh/M/virtualNode/N` in its task definition.
    static func addBlueECS(_ world: inout AWSWorld, node: String, mesh: String = "shop", running: Int = 2, targetGroups: [String] = [],
                           legacy: Bool = false) {
        let td = "td/blue-\(node):1"
        world.services.append(ECSService(cluster: "blue", name: node, taskDefinition: td, runningCount: running, desiredCount: running,
                                         targetGroups: targetGroups))
        world.taskDefinitions[td] = TaskDefinition(arn: td, virtualNode: "mesh/\(mesh)/virtualNode/\(node)", legacyVariable: legacy)
    }

    /// users: a blue node `users` behind virtual service users.shop.local, a green `users` with
    /// TLS from an ACTIVE short-lived P-256 CA, one task running.
    static func paired() -> AWSWorld {
        var world = AWSWorld()
        world.appMesh.nodes = [node("users")]
        world.appMesh.virtualServices = [MeshVirtualService(mesh: "shop", name: "users.shop.local", providerNode: "users")]
        world.services = [green("users")]
        world.certificateAuthorities = [CertificateAuthority(arn: shortCA, notAfter: at + 3_650 * day)]
        return world
    }

    /// An ALB listener forwarding to two target groups (blue, green) with these weights; the
    /// blue ECS service registers the first, the green one the second.
    static func albSplit(_ world: inout AWSWorld, blue: Int, green: Int) {
        let lb = "arn:lb/app/shop-alb", listener = "arn:listener/app/shop-alb/1"
        world.loadBalancers = [LoadBalancer(arn: lb, dnsName: "shop-alb-1.eu-west-1.elb.amazonaws.com", name: "shop-alb")]
        world.targetGroups = [TargetGroup(arn: "arn:tg/blue-users", name: "blue-users"), TargetGroup(arn: "arn:tg/green-users", name: "green-users")]
        world.listeners = [ELBListener(arn: listener, loadBalancerArn: lb, port: 443,
                                       defaultActions: [.forward([("arn:tg/blue-users", blue), ("arn:tg/green-users", green)])])]
        addBlueECS(&world, node: "users", targetGroups: ["arn:tg/blue-users"])
        world.services[0].loadBalancers = [.init(targetGroupArn: "arn:tg/green-users")]
    }

    static func evaluate(_ world: AWSWorld, options: MigrationOptions = options, map: ServiceMap = ServiceMap()) -> MigrationDocument {
        MigrationStatus.evaluate(world, snapshot: SnapshotSummary(directory: nil, takenAt: nil, regions: [], endpointURL: nil), options: options, map: map)
    }

    /// A world that raises `code` (and the service it concerns is `users`).
    static func raising(_ code: MigrationFindingCode) -> AWSWorld {
        var world = paired()
        switch code {
        case .greenTLSDisabled:
            world.services = [green("users", pca: nil)]
        case .mtlsLost:
            world.appMesh.nodes = [node("users", requiresClientCertificates: true)]
        case .pcaNotActive:
            world.certificateAuthorities[0].status = "DISABLED"
        case .pcaKeyAlgorithmUnsupported:
            world.certificateAuthorities[0].configuration?.keyAlgorithm = "EC_secp384r1"
        case .weightedRoutingLost:
            world.appMesh.nodes = [node("users-v1"), node("users-v2")]
            world.appMesh.virtualServices = [MeshVirtualService(mesh: "shop", name: "users.shop.local", providerRouter: "users-router")]
            world.appMesh.routes = [MeshRoute(mesh: "shop", router: "users-router", name: "split", routeType: "http",
                                              weightedTargets: [WeightedTarget(virtualNode: "users-v1", weight: 90), WeightedTarget(virtualNode: "users-v2", weight: 10)],
                                              sources: [])]
        case .pcaGeneralPurpose:
            world.certificateAuthorities[0].usageMode = "GENERAL_PURPOSE"
        case .pcaExpiring:
            world.certificateAuthorities[0].notAfter = AWSTime(at + 30 * day)
        case .pcaNotFound:
            world.certificateAuthorities = []
        case .acmRenewalFailed, .acmExpiring:
            let arn = "arn:aws:acm:eu-west-1:111122223333:certificate/users"
            world.appMesh.nodes = [node("users", source: .acm, certificateArn: arn)]
            world.certificates = [code == .acmRenewalFailed
                ? ACMCertificate(arn: arn, domainName: "users.shop.local", notAfter: at + 300 * day, renewalStatus: "FAILED")
                : ACMCertificate(arn: arn, domainName: "users.shop.local", notAfter: at + 10 * day)]
        case .crossAccountMesh:
            world.appMesh.nodes = [node("users", meshOwner: "444455556666")]
        case .greenNotRunning:
            world.services = [green("users", running: 0)]
        }
        return world
    }
}
