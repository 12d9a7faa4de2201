/// `aws ecs describe-clusters`, `describe-services`, `describe-task-definition` (botocore ecs
/// 2014-11-13). Service Connect lives under `deployments[]`, not on the service.
public struct DescribeClustersOutput: Decodable, Sendable, Equatable {
    public var clusters: [ECSCluster]
}

public struct ECSCluster: Decodable, Sendable, Equatable {
    public var clusterArn: String
    public var clusterName: String?
    public var status: String?
}

public struct DescribeServicesOutput: Decodable, Sendable, Equatable {
    public var services: [ECSService]
}

public struct ECSService: Decodable, Sendable, Equatable {
    public var serviceArn: String
    public var serviceName: String
    public var clusterArn: String?
    public var status: String?
    public var desiredCount: Int?
    public var runningCount: Int?
    public var taskDefinition: String?
    public var loadBalancers: [LoadBalancerRef]?
    public var serviceRegistries: [ServiceRegistry]?
    public var deployments: [Deployment]?

    public struct LoadBalancerRef: Decodable, Sendable, Equatable {
        public var targetGroupArn: String?
        public var containerName: String?
        public var containerPort: Int?
        public init(targetGroupArn: String?) { self.targetGroupArn = targetGroupArn }
    }

    public struct ServiceRegistry: Decodable, Sendable, Equatable {
        public var registryArn: String?
    }

    public init(cluster: String, name: String, taskDefinition: String, runningCount: Int = 1, desiredCount: Int = 1,
                targetGroups: [String] = [], deployments: [Deployment] = []) {
        serviceArn = "arn:aws:ecs:eu-west-1:111122223333:service/\(cluster)/\(name)"
        serviceName = name
        clusterArn = "arn:aws:ecs:eu-west-1:111122223333:cluster/\(cluster)"
        status = "ACTIVE"
        self.desiredCount = desiredCount
        self.runningCount = runningCount
        self.taskDefinition = taskDefinition
        loadBalancers = targetGroups.map { LoadBalancerRef(targetGroupArn: $0) }
        self.deployments = deployments
    }

    /// The deployment that counts (PRIMARY), and one still rolling out beside it.
    public var primaryDeployment: Deployment? { deployments?.first { $0.status == "PRIMARY" } }
    public var inProgressDeployment: Deployment? { deployments?.first { $0.rolloutState == "IN_PROGRESS" } }
    /// The cluster's name, from its ARN (`...:cluster/NAME`).
    public var clusterName: String? { clusterArn.map { String($0.split(separator: "/").last ?? Substring($0)) } }
}

public struct Deployment: Decodable, Sendable, Equatable {
    public var id: String?
    /// PRIMARY | ACTIVE | INACTIVE
    public var status: String?
    /// COMPLETED | FAILED | IN_PROGRESS
    public var rolloutState: String?
    public var taskDefinition: String?
    public var runningCount: Int?
    public var desiredCount: Int?
    public var serviceConnectConfiguration: ServiceConnectConfiguration?

    public init(id: String = "ecs-svc/1", status: String = "PRIMARY", rolloutState: String = "COMPLETED", runningCount: Int = 1,
                desiredCount: Int = 1, serviceConnect: ServiceConnectConfiguration?) {
        self.id = id
        self.status = status
        self.rolloutState = rolloutState
        self.runningCount = runningCount
        self.desiredCount = desiredCount
        serviceConnectConfiguration = serviceConnect
    }
}

public struct ServiceConnectConfiguration: Decodable, Sendable, Equatable {
    public var enabled: Bool
    public var namespace: String?
    public var services: [ServiceConnectService]?

    public init(enabled: Bool = true, namespace: String?, services: [ServiceConnectService]) {
        self.enabled = enabled
        self.namespace = namespace
        self.services = services
    }
}

public struct ServiceConnectService: Decodable, Sendable, Equatable {
    public var portName: String
    public var discoveryName: String?
    public var clientAliases: [ClientAlias]?
    public var tls: TLS?

    public struct ClientAlias: Decodable, Sendable, Equatable {
        public var port: Int?
        public var dnsName: String?
    }

    public struct TLS: Decodable, Sendable, Equatable {
        public var issuerCertificateAuthority: Issuer?
        public var kmsKey: String?
        public var roleArn: String?
        public struct Issuer: Decodable, Sendable, Equatable {
            public var awsPcaAuthorityArn: String?
        }
    }

    public init(portName: String = "http", discoveryName: String?, dnsName: String? = nil, port: Int = 8080, pcaArn: String?) {
        self.portName = portName
        self.discoveryName = discoveryName
        clientAliases = dnsName.map { [ClientAlias(port: port, dnsName: $0)] }
        tls = pcaArn.map { TLS(issuerCertificateAuthority: TLS.Issuer(awsPcaAuthorityArn: $0), kmsKey: nil, roleArn: nil) }
    }
}

public struct DescribeTaskDefinitionOutput: Decodable, Sendable, Equatable {
    public var taskDefinition: TaskDefinition
}

public struct TaskDefinition: Decodable, Sendable, Equatable {
    public var taskDefinitionArn: String
    public var family: String?
    public var revision: Int?
    public var proxyConfiguration: ProxyConfiguration?
    public var containerDefinitions: [ContainerDefinition]?

    public struct ProxyConfiguration: Decodable, Sendable, Equatable {
        /// APPMESH: the task runs in an App Mesh mesh (the blue side).
        public var type: String?
        public var containerName: String?
    }

    public struct ContainerDefinition: Decodable, Sendable, Equatable {
        public var name: String?
        public var environment: [KeyValue]?
    }

    public struct KeyValue: Decodable, Sendable, Equatable {
        public var name: String?
        public var value: String?
    }

    /// A task definition; `virtualNode` (`mesh/M/virtualNode/N`) makes it an App Mesh one whose
    /// Envoy container names the node in APPMESH_RESOURCE_ARN.
    public init(arn: String, virtualNode: String? = nil, legacyVariable: Bool = false) {
        taskDefinitionArn = arn
        if let virtualNode {
            proxyConfiguration = ProxyConfiguration(type: "APPMESH", containerName: "envoy")
            let env = legacyVariable
                ? KeyValue(name: "APPMESH_VIRTUAL_NODE_NAME", value: virtualNode)
                : KeyValue(name: "APPMESH_RESOURCE_ARN", value: "arn:aws:appmesh:eu-west-1:111122223333:" + virtualNode)
            containerDefinitions = [ContainerDefinition(name: "app", environment: []), ContainerDefinition(name: "envoy", environment: [env])]
        }
    }

    /// The task runs behind App Mesh's Envoy.
    public var isAppMesh: Bool { proxyConfiguration?.type == "APPMESH" }

    /// The virtual node the Envoy container names (`APPMESH_RESOURCE_ARN` `…:mesh/M/virtualNode/N`,
    /// or the older `APPMESH_VIRTUAL_NODE_NAME` `mesh/M/virtualNode/N`): (mesh, node). The
    /// proxy's container is looked at first, then every container.
    public var virtualNode: (mesh: String, node: String)? {
        let containers = containerDefinitions ?? []
        let proxy = proxyConfiguration?.containerName
        let ordered = containers.filter { $0.name == proxy } + containers.filter { $0.name != proxy }
        for container in ordered {
            for variable in container.environment ?? [] {
                guard let name = variable.name, let value = variable.value,
                      name == "APPMESH_RESOURCE_ARN" || name == "APPMESH_VIRTUAL_NODE_NAME" else { continue }
                let resource = name == "APPMESH_RESOURCE_ARN" ? String(value.split(separator: ":", maxSplits: 5).last ?? "") : value
                let parts = resource.split(separator: "/").map(String.init)
                if parts.count == 4, parts[0] == "mesh", parts[2] == "virtualNode" { return (parts[1], parts[3]) }
            }
        }
        return nil
    }
}
