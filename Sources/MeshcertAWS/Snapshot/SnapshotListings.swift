/// The few fields of list outputs that lead to further calls, decoded with `JSONValueDecoder`
/// (every other field is kept only in the raw output files). Optional where an emulator or an
/// older API may leave a field out.
enum SnapshotListings {
    // App Mesh
    struct Meshes: Decodable { var meshes: [Mesh]?
        struct Mesh: Decodable { var meshName: String; var meshOwner: String?; var resourceOwner: String? } }
    struct VirtualNodes: Decodable { var virtualNodes: [Ref]?; struct Ref: Decodable { var virtualNodeName: String } }
    struct VirtualGateways: Decodable { var virtualGateways: [Ref]?; struct Ref: Decodable { var virtualGatewayName: String } }
    struct GatewayRoutes: Decodable { var gatewayRoutes: [Ref]?; struct Ref: Decodable { var gatewayRouteName: String } }
    struct VirtualRouters: Decodable { var virtualRouters: [Ref]?; struct Ref: Decodable { var virtualRouterName: String } }
    struct Routes: Decodable { var routes: [Ref]?; struct Ref: Decodable { var routeName: String } }
    struct VirtualServices: Decodable { var virtualServices: [Ref]?; struct Ref: Decodable { var virtualServiceName: String } }

    // AWS Private CA and ACM
    struct CertificateAuthorities: Decodable {
        var CertificateAuthorities: [Authority]?
        struct Authority: Decodable { var Arn: String; var Status: String? }
    }
    struct Certificates: Decodable {
        var CertificateSummaryList: [Summary]?
        struct Summary: Decodable { var CertificateArn: String; var Status: String? }
    }

    // ECS
    struct Clusters: Decodable { var clusterArns: [String]? }
    struct Services: Decodable { var serviceArns: [String]? }
    struct ServiceDescriptions: Decodable {
        var services: [Service]?
        struct Service: Decodable { var taskDefinition: String?; var deployments: [Deployment]? }
        struct Deployment: Decodable { var taskDefinition: String? }
    }

    // Route 53 and Elastic Load Balancing
    struct HostedZones: Decodable { var HostedZones: [Zone]?; struct Zone: Decodable { var Id: String; var Name: String } }
    struct LoadBalancers: Decodable { var LoadBalancers: [Balancer]?; struct Balancer: Decodable { var LoadBalancerArn: String } }
    struct Listeners: Decodable { var Listeners: [Listener]?; struct Listener: Decodable { var ListenerArn: String } }
}
