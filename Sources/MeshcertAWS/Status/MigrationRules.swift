import Foundation
import MeshcertAppMesh
import MeshcertSupport

/// One row's blue and green sides, findings and state; the Private CAs and their list prices.
struct MigrationRules {
    let world: AWSWorld
    let options: MigrationOptions

    var horizon: EpochSeconds { options.at + EpochSeconds(options.warnDays) * 86_400 }

    func service(_ row: PairedService, entries: [TrafficEntry]) -> MigrationService {
        let blue = row.blue.map(blueSide)
        let green = row.green.map(greenSide)
        var findings: [MigrationFinding] = []
        if let unit = row.blue, let blue { findings += blueFindings(unit, blue) }
        if let green { findings += greenFindings(green, blue: blue) }
        findings.sort { ($0.severity == .blocker ? 0 : 1) < ($1.severity == .blocker ? 0 : 1) }
        let greenShare = entries.map(\.greenShare).min()
        return MigrationService(name: row.name, state: Self.state(blue: blue, green: green, greenShare: greenShare, findings: findings),
                                pairedBy: row.pairedBy, greenShare: greenShare, entryPoints: entries.map(\.name),
                                blue: blue, green: green, findings: findings)
    }

    /// The first that applies: blocked, not_started, migrated, shifting, green_deployed.
    static func state(blue: BlueSide?, green: GreenSide?, greenShare: Double?, findings: [MigrationFinding]) -> MigrationState {
        if findings.contains(where: { $0.severity == .blocker }) { return .blocked }
        guard green != nil else { return .notStarted }
        if blue == nil || greenShare == 1 { return .migrated }
        if let share = greenShare, share > 0, share < 1 { return .shifting }
        return .greenDeployed
    }

    // MARK: sides

    func blueSide(_ unit: BlueUnit) -> BlueSide {
        var listeners: [BlueListener] = []
        for node in unit.nodes {
            for l in node.listeners {
                listeners.append(BlueListener(virtualNode: node.appMeshName, port: l.port, protocolName: l.protocolName, tlsMode: l.tlsMode,
                                              certificateSource: l.certificate?.source.rawValue, certificateArn: l.certificate?.certificateArn,
                                              clientCertificateRequired: l.validation != nil))
            }
        }
        var certificates: [BlueCertificate] = []
        for arn in listeners.compactMap(\.certificateArn) where !certificates.contains(where: { $0.arn == arn }) {
            if let c = world.certificate(arn) { certificates.append(BlueCertificate(c)) }
        }
        let ecs = unit.ecsServices.map { s in
            ECSServiceSummary(cluster: s.clusterName, service: s.serviceName, virtualNode: world.taskDefinition(of: s)?.virtualNode?.node,
                              runningCount: s.runningCount ?? 0, desiredCount: s.desiredCount ?? 0)
        }
        let owner = unit.nodes.first { $0.meshOwner != nil && $0.resourceOwner != nil && $0.meshOwner != $0.resourceOwner } ?? unit.nodes.first
        return BlueSide(mesh: unit.mesh, virtualService: unit.virtualService, virtualNodes: unit.nodes.map(\.appMeshName),
                        meshOwner: owner?.meshOwner, resourceOwner: owner?.resourceOwner, listeners: listeners,
                        mtlsServer: unit.nodes.contains { $0.mtlsServer }, mtlsClient: unit.nodes.contains { $0.mtlsClient },
                        certificates: certificates, ecsServices: ecs)
    }

    func greenSide(_ unit: GreenUnit) -> GreenSide {
        let services = unit.configuration.services ?? []
        let tls = !services.isEmpty && services.allSatisfy { $0.tls?.issuerCertificateAuthority?.awsPcaAuthorityArn != nil }
        let ca = services.lazy.compactMap { $0.tls?.issuerCertificateAuthority?.awsPcaAuthorityArn }.first
        let inProgress = unit.service.inProgressDeployment.map(DeploymentSummary.init)
        // The namespace as its Cloud Map name when the snapshot lists it (the API gives a name or an ARN).
        let namespace = unit.configuration.namespace.map { ns in world.namespaces.first { $0.arn == ns || $0.id == ns }?.name ?? ns }
        return GreenSide(cluster: unit.service.clusterName, service: unit.service.serviceName, namespace: namespace,
                         discoveryNames: unit.discoveryNames, clientAliases: unit.clientAliases, tls: tls,
                         certificateAuthority: ca.map { GreenCertificateAuthority(arn: $0, ca: world.certificateAuthority($0)) },
                         runningCount: unit.deployment.runningCount ?? 0, desiredCount: unit.deployment.desiredCount ?? 0, inProgress: inProgress)
    }

    // MARK: findings

    func blueFindings(_ unit: BlueUnit, _ blue: BlueSide) -> [MigrationFinding] {
        var out: [MigrationFinding] = []
        if blue.mtlsServer || blue.mtlsClient {
            let how = [blue.mtlsServer ? "requires client certificates" : nil, blue.mtlsClient ? "presents a client certificate to its backends" : nil]
                .compactMap { $0 }.joined(separator: " and ")
            out.append(MigrationFinding(.mtlsLost, "On App Mesh, \(blue.virtualNodes.joined(separator: ", ")) \(how); Service Connect has no mutual TLS."))
        }
        if unit.weightedRouting {
            out.append(MigrationFinding(.weightedRoutingLost,
                "An App Mesh route splits traffic between virtual nodes \(blue.virtualNodes.joined(separator: ", ")) by weight; Service Connect cannot."))
        }
        if let owner = blue.meshOwner, let resource = blue.resourceOwner, owner != resource {
            out.append(MigrationFinding(.crossAccountMesh, "Mesh \(blue.mesh) belongs to account \(owner); this service's resources to \(resource)."))
        }
        for c in blue.certificates {
            if c.renewalStatus == "FAILED" {
                let reason = world.certificate(c.arn)?.renewalSummary?.renewalStatusReason.map { " (\($0))" } ?? ""
                out.append(MigrationFinding(.acmRenewalFailed, "ACM certificate \(c.domainName ?? c.arn): renewal failed\(reason)."))
            }
            if let end = c.notAfter, end.seconds <= horizon {
                out.append(MigrationFinding(.acmExpiring, "ACM certificate \(c.domainName ?? c.arn) "
                    + (end.seconds <= options.at ? "expired on \(end)." : "ends \(end), within \(options.warnDays) days.")))
            }
        }
        return out
    }

    func greenFindings(_ green: GreenSide, blue: BlueSide?) -> [MigrationFinding] {
        var out: [MigrationFinding] = []
        if !green.tls, let blue, blue.servesTLS {
            out.append(MigrationFinding(.greenTLSDisabled,
                "App Mesh serves TLS for this service; the Service Connect service \(green.service) has no tls configured, so traffic moving to it is plaintext."))
        }
        if let ca = green.certificateAuthority {
            if ca.status == nil && ca.usageMode == nil {
                out.append(MigrationFinding(.pcaNotFound, "The Private CA \(ca.arn) is not in the snapshot."))
            } else {
                if ca.status != "ACTIVE" {
                    out.append(MigrationFinding(.pcaNotActive, "The Private CA \(ca.arn) is \(ca.status ?? "of unknown status"), not ACTIVE."))
                }
                if let key = ca.keyAlgorithm, !MigrationFindingCode.serviceConnectKeyAlgorithms.contains(key) {
                    out.append(MigrationFinding(.pcaKeyAlgorithmUnsupported,
                        "The Private CA \(ca.arn) has key algorithm \(key); Service Connect needs EC_prime256v1 or RSA_2048."))
                }
                if ca.usageMode == "GENERAL_PURPOSE" {
                    out.append(MigrationFinding(.pcaGeneralPurpose, "The Private CA \(ca.arn) is GENERAL_PURPOSE: "
                        + "\(Self.dollars(PrivateCAListPrices.generalPurposeCAMonthly)) a month instead of "
                        + "\(Self.dollars(PrivateCAListPrices.shortLivedCAMonthly)) for SHORT_LIVED_CERTIFICATE (list prices)."))
                }
                if let end = ca.notAfter, end.seconds <= horizon {
                    out.append(MigrationFinding(.pcaExpiring, "The Private CA \(ca.arn)'s certificate "
                        + (end.seconds <= options.at ? "expired on \(end)." : "ends \(end), within \(options.warnDays) days.")))
                }
            }
        }
        if green.runningCount == 0 {
            out.append(MigrationFinding(.greenNotRunning, "No task of the PRIMARY deployment of \(green.service) is running (desired \(green.desiredCount))."))
        }
        return out
    }

    // MARK: Private CAs

    func privateCAs(_ services: [MigrationService]) -> [PrivateCAEntry] {
        // The CAs each blue side trusts or got its certificates from, once (not per CA and node).
        var trustedByNode: [String: [String]] = [:]
        for n in world.appMesh.nodes { trustedByNode["\(n.mesh)/\(n.appMeshName)", default: []] += n.trustedCertificateAuthorityArns }
        let blueCAs: [Set<String>] = services.map { s in
            guard let b = s.blue else { return [] }
            return Set(b.certificates.compactMap(\.certificateAuthorityArn) + b.virtualNodes.flatMap { trustedByNode["\(b.mesh)/\($0)"] ?? [] })
        }
        return world.certificateAuthorities.map { ca in
            let mode = ca.effectiveUsageMode
            let price = ca.status == "DELETED" ? 0
                : (mode == "SHORT_LIVED_CERTIFICATE" ? PrivateCAListPrices.shortLivedCAMonthly : PrivateCAListPrices.generalPurposeCAMonthly)
            let green = services.filter { $0.green?.certificateAuthority?.arn == ca.arn }.map(\.name)
            let blue = services.indices.filter { blueCAs[$0].contains(ca.arn) }.map { services[$0].name }
            return PrivateCAEntry(arn: ca.arn, type: ca.type, status: ca.status, usageMode: mode, keyAlgorithm: ca.configuration?.keyAlgorithm,
                                  notAfter: ca.notAfter?.instant, monthlyListPriceUSD: price, usedByGreen: green, usedByBlue: blue)
        }
    }

    static func dollars(_ v: Double) -> String {
        v == v.rounded() ? "$\(Int(v))" : "$" + String(format: "%.2f", v)
    }
}
