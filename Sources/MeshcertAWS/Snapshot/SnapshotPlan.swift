import MeshcertSupport

/// What a snapshot reads, service by service: the first calls of each region, and for each
/// listing the calls it leads to (the contract's (service, operation, key) table,
/// docs/aws-snapshot.md). Read-only operations only: list, describe and get of public material
/// (never export-certificate, get-secret-value or anything returning key material).
struct SnapshotPlan: Sendable {
    var meshes: [String]
    var clusters: [String]
    var hostedZones: [String]

    static let decoder = JSONValueDecoder()

    /// The first calls of one service in one region (`global` for Route 53).
    func roots(_ service: SnapshotService, region: String, cliRegion: String) -> [SnapshotPlannedCall] {
        let root = SnapshotPlannedCall(region: region, cliRegion: cliRegion, service: service, operation: "", key: nil,
                                       arguments: [], file: "", batch: nil, next: nil)
        let base = "\(region)/\(service.rawValue)"
        switch service {
        case .appmesh: return [appMesh(root, base: base)]
        case .acmPCA: return [privateCA(root, base: base)]
        case .acm: return [acm(root, base: base)]
        case .ecs: return [ecs(root, base: base)]
        case .servicediscovery:
            return ["list-namespaces", "list-services"].map { root.call($0, key: nil, [], file: "\(base)/\($0).json") }
        case .route53: return route53(root, base: base)
        case .elbv2: return elbv2(root, base: base)
        }
    }

    // MARK: App Mesh, in Scripts/export-appmesh.sh's layout (what `meshcert mesh scan` reads)

    func appMesh(_ root: SnapshotPlannedCall, base: String) -> SnapshotPlannedCall {
        let named = meshes
        return root.call("list-meshes", key: nil, [], file: "\(base)/meshes.json") { json in
            let listed = try Self.decoder.decode(SnapshotListings.Meshes.self, from: json).meshes ?? []
            var chosen = listed.filter { named.isEmpty || named.contains($0.meshName) }.map { mesh -> (String, [String]) in
                // A mesh shared from another account is read with its owner.
                let shared = mesh.meshOwner != nil && mesh.resourceOwner != nil && mesh.meshOwner != mesh.resourceOwner
                return (mesh.meshName, shared ? ["--mesh-owner", mesh.meshOwner!] : [])
            }
            // A named mesh the listing lacks is still described: its failure says why.
            for name in named where !chosen.contains(where: { $0.0 == name }) { chosen.append((name, [])) }
            return chosen.flatMap { Self.meshCalls(root, base: base, mesh: $0.0, owner: $0.1) }
        }
    }

    static func meshCalls(_ root: SnapshotPlannedCall, base: String, mesh m: String, owner: [String]) -> [SnapshotPlannedCall] {
        let common = ["--mesh-name", m] + owner
        let dir = "\(base)/\(SnapshotFileName.safe(m))"
        @Sendable func item(_ operation: String, _ option: String, _ name: String, _ file: String, extra: [String] = [],
                  parent: String? = nil) -> SnapshotPlannedCall {
            let key = [m, parent, name].compactMap { $0 }.joined(separator: "/")
            return root.call(operation, key: key, common + extra + [option, name], file: file)
        }
        @Sendable func safe(_ s: String) -> String { SnapshotFileName.safe(s) }
        return [
            root.call("describe-mesh", key: m, common, file: "\(dir)/mesh.json"),
            root.call("list-virtual-nodes", key: m, common, file: "\(dir)/virtual-nodes.json") { json in
                (try decoder.decode(SnapshotListings.VirtualNodes.self, from: json).virtualNodes ?? []).map {
                    item("describe-virtual-node", "--virtual-node-name", $0.virtualNodeName, "\(dir)/virtual-nodes/\(safe($0.virtualNodeName)).json")
                }
            },
            root.call("list-virtual-gateways", key: m, common, file: "\(dir)/virtual-gateways.json") { json in
                (try decoder.decode(SnapshotListings.VirtualGateways.self, from: json).virtualGateways ?? []).flatMap { ref in
                    let g = ref.virtualGatewayName
                    return [
                        item("describe-virtual-gateway", "--virtual-gateway-name", g, "\(dir)/virtual-gateways/\(safe(g)).json"),
                        root.call("list-gateway-routes", key: "\(m)/\(g)", common + ["--virtual-gateway-name", g],
                                  file: "\(dir)/gateway-routes/\(safe(g)).json") { json in
                            (try decoder.decode(SnapshotListings.GatewayRoutes.self, from: json).gatewayRoutes ?? []).map {
                                item("describe-gateway-route", "--gateway-route-name", $0.gatewayRouteName,
                                     "\(dir)/gateway-routes/\(safe(g))/\(safe($0.gatewayRouteName)).json",
                                     extra: ["--virtual-gateway-name", g], parent: g)
                            }
                        },
                    ]
                }
            },
            root.call("list-virtual-routers", key: m, common, file: "\(dir)/virtual-routers.json") { json in
                (try decoder.decode(SnapshotListings.VirtualRouters.self, from: json).virtualRouters ?? []).flatMap { ref in
                    let r = ref.virtualRouterName
                    return [
                        item("describe-virtual-router", "--virtual-router-name", r, "\(dir)/virtual-routers/\(safe(r)).json"),
                        root.call("list-routes", key: "\(m)/\(r)", common + ["--virtual-router-name", r],
                                  file: "\(dir)/routes/\(safe(r)).json") { json in
                            (try decoder.decode(SnapshotListings.Routes.self, from: json).routes ?? []).map {
                                item("describe-route", "--route-name", $0.routeName, "\(dir)/routes/\(safe(r))/\(safe($0.routeName)).json",
                                     extra: ["--virtual-router-name", r], parent: r)
                            }
                        },
                    ]
                }
            },
            root.call("list-virtual-services", key: m, common, file: "\(dir)/virtual-services.json") { json in
                (try decoder.decode(SnapshotListings.VirtualServices.self, from: json).virtualServices ?? []).map {
                    item("describe-virtual-service", "--virtual-service-name", $0.virtualServiceName,
                         "\(dir)/virtual-services/\(safe($0.virtualServiceName)).json")
                }
            },
        ]
    }

    // MARK: AWS Private CA and ACM

    /// CA states in which the CA has a certificate to fetch.
    static let caStatesWithCertificate: Set<String> = ["ACTIVE", "DISABLED", "EXPIRED"]

    func privateCA(_ root: SnapshotPlannedCall, base: String) -> SnapshotPlannedCall {
        root.call("list-certificate-authorities", key: nil, [], file: "\(base)/list-certificate-authorities.json") { json in
            (try Self.decoder.decode(SnapshotListings.CertificateAuthorities.self, from: json).CertificateAuthorities ?? [])
                .filter { $0.Status.map(Self.caStatesWithCertificate.contains) ?? true }
                .map { ca in
                    root.call("get-certificate-authority-certificate", key: ca.Arn, ["--certificate-authority-arn", ca.Arn],
                              file: "\(base)/get-certificate-authority-certificate/\(SnapshotFileName.safe(ca.Arn)).json")
                }
        }
    }

    /// Every key type ACM knows (list-certificates returns RSA_2048 only by default).
    static let acmKeyTypes = "keyTypes=RSA_1024,RSA_2048,RSA_3072,RSA_4096,EC_prime256v1,EC_secp384r1,EC_secp521r1"

    func acm(_ root: SnapshotPlannedCall, base: String) -> SnapshotPlannedCall {
        root.call("list-certificates", key: nil, ["--includes", Self.acmKeyTypes], file: "\(base)/list-certificates.json") { json in
            (try Self.decoder.decode(SnapshotListings.Certificates.self, from: json).CertificateSummaryList ?? []).flatMap { c in
                let name = SnapshotFileName.safe(c.CertificateArn)
                var calls = [root.call("describe-certificate", key: c.CertificateArn, ["--certificate-arn", c.CertificateArn],
                                       file: "\(base)/describe-certificate/\(name).json")]
                // Only an issued certificate has a body; get-certificate returns the public chain only.
                if c.Status == nil || c.Status == "ISSUED" {
                    calls.append(root.call("get-certificate", key: c.CertificateArn, ["--certificate-arn", c.CertificateArn],
                                           file: "\(base)/get-certificate/\(name).json"))
                }
                return calls
            }
        }
    }

    // MARK: ECS

    func ecs(_ root: SnapshotPlannedCall, base: String) -> SnapshotPlannedCall {
        let named = clusters
        return root.call("list-clusters", key: nil, [], file: "\(base)/list-clusters.json") { json in
            let arns = (try Self.decoder.decode(SnapshotListings.Clusters.self, from: json).clusterArns ?? []).filter { arn in
                named.isEmpty || named.contains(arn) || named.contains(String(arn.split(separator: "/").last ?? ""))
            }
            guard !arns.isEmpty else { return [] }
            // describe-clusters takes at most 100 clusters a call.
            let describes = stride(from: 0, to: arns.count, by: 100).enumerated().map { n, start in
                root.call("describe-clusters", key: nil, ["--clusters"] + Array(arns[start..<min(start + 100, arns.count)]),
                          file: n == 0 ? "\(base)/describe-clusters.json" : "\(base)/describe-clusters-\(n + 1).json", batch: n + 1)
            }
            return describes + arns.map { Self.services(root, base: base, cluster: $0) }
        }
    }

    static func services(_ root: SnapshotPlannedCall, base: String, cluster: String) -> SnapshotPlannedCall {
        let name = SnapshotFileName.safe(cluster)
        return root.call("list-services", key: cluster, ["--cluster", cluster], file: "\(base)/list-services/\(name).json") { json in
            let arns = try decoder.decode(SnapshotListings.Services.self, from: json).serviceArns ?? []
            // describe-services takes at most 10 services a call.
            return stride(from: 0, to: arns.count, by: 10).enumerated().map { n, start in
                root.call("describe-services", key: cluster, ["--cluster", cluster, "--services"] + Array(arns[start..<min(start + 10, arns.count)]),
                          file: "\(base)/describe-services/\(name)-\(n + 1).json", batch: n + 1) { json in
                    let services = try decoder.decode(SnapshotListings.ServiceDescriptions.self, from: json).services ?? []
                    var definitions: [String] = []
                    for service in services {
                        for arn in [service.taskDefinition] + (service.deployments ?? []).map(\.taskDefinition) {
                            if let arn, !definitions.contains(arn) { definitions.append(arn) }
                        }
                    }
                    // The same task definition from two batches is described once (the collector
                    // drops repeated (region, service, operation, key) calls).
                    return definitions.map { arn in
                        root.call("describe-task-definition", key: arn, ["--task-definition", arn],
                                  file: "\(base)/describe-task-definition/\(SnapshotFileName.safe(arn)).json")
                    }
                }
            }
        }
    }

    // MARK: Route 53 (global) and Elastic Load Balancing

    /// A zone given by id (`Z...`, `/hostedzone/Z...`) is read directly; one given by name
    /// (it has a dot) is looked up in list-hosted-zones first.
    func route53(_ root: SnapshotPlannedCall, base: String) -> [SnapshotPlannedCall] {
        let ids = hostedZones.filter { !$0.contains(".") }.map(Self.zoneID)
        let names = hostedZones.filter { $0.contains(".") }.map(Self.zoneName)
        var calls = ids.flatMap { Self.zoneCalls(root, base: base, id: $0) }
        if !names.isEmpty {
            calls.append(root.call("list-hosted-zones", key: nil, [], file: "\(base)/list-hosted-zones.json") { json in
                (try Self.decoder.decode(SnapshotListings.HostedZones.self, from: json).HostedZones ?? [])
                    .filter { names.contains(Self.zoneName($0.Name)) && !ids.contains(Self.zoneID($0.Id)) }
                    .flatMap { Self.zoneCalls(root, base: base, id: Self.zoneID($0.Id)) }
            })
        }
        return calls
    }

    static func zoneID(_ id: String) -> String { id.hasPrefix("/hostedzone/") ? String(id.dropFirst("/hostedzone/".count)) : id }
    static func zoneName(_ name: String) -> String { (name.hasSuffix(".") ? String(name.dropLast()) : name).lowercased() }

    static func zoneCalls(_ root: SnapshotPlannedCall, base: String, id: String) -> [SnapshotPlannedCall] {
        let name = SnapshotFileName.safe(id)
        return [
            root.call("get-hosted-zone", key: id, ["--id", id], file: "\(base)/get-hosted-zone/\(name).json"),
            root.call("list-resource-record-sets", key: id, ["--hosted-zone-id", id], file: "\(base)/list-resource-record-sets/\(name).json"),
        ]
    }

    func elbv2(_ root: SnapshotPlannedCall, base: String) -> [SnapshotPlannedCall] {
        [
            root.call("describe-load-balancers", key: nil, [], file: "\(base)/describe-load-balancers.json") { json in
                (try Self.decoder.decode(SnapshotListings.LoadBalancers.self, from: json).LoadBalancers ?? []).map { lb in
                    root.call("describe-listeners", key: lb.LoadBalancerArn, ["--load-balancer-arn", lb.LoadBalancerArn],
                              file: "\(base)/describe-listeners/\(SnapshotFileName.safe(lb.LoadBalancerArn)).json") { json in
                        (try Self.decoder.decode(SnapshotListings.Listeners.self, from: json).Listeners ?? []).map { l in
                            root.call("describe-rules", key: l.ListenerArn, ["--listener-arn", l.ListenerArn],
                                      file: "\(base)/describe-rules/\(SnapshotFileName.safe(l.ListenerArn)).json")
                        }
                    }
                }
            },
            root.call("describe-target-groups", key: nil, [], file: "\(base)/describe-target-groups.json"),
        ]
    }
}
