import MeshcertAppMesh

/// Everything a snapshot holds, typed: the blue side (App Mesh, the ACM certificates its
/// listeners serve, the ECS services behind Envoy), the green side (ECS services with Service
/// Connect, Cloud Map), the Private CAs, and the traffic entry points (Route 53, ALB).
/// The migration analysis reads only this; tests build it directly.
public struct AWSWorld: Sendable, Equatable {
    public var appMesh = AppMeshConfiguration()
    public var certificateAuthorities: [CertificateAuthority] = []
    public var certificates: [ACMCertificate] = []
    public var clusters: [ECSCluster] = []
    public var services: [ECSService] = []
    /// By task definition ARN.
    public var taskDefinitions: [String: TaskDefinition] = [:]
    public var namespaces: [CloudMapNamespace] = []
    public var cloudMapServices: [CloudMapService] = []
    public var recordSets: [ResourceRecordSet] = []
    public var loadBalancers: [LoadBalancer] = []
    public var targetGroups: [TargetGroup] = []
    public var listeners: [ELBListener] = []
    /// `describe-rules` by listener ARN (the call's key).
    public var rulesByListener: [String: [ELBRule]] = [:]
    /// What could not be read: missing or corrupt files, failed calls.
    public var problems: [SnapshotProblem] = []

    public init() {}

    public func certificateAuthority(_ arn: String) -> CertificateAuthority? { certificateAuthorities.first { $0.arn == arn } }
    public func certificate(_ arn: String) -> ACMCertificate? { certificates.first { $0.arn == arn } }
    public func taskDefinition(of service: ECSService) -> TaskDefinition? { service.taskDefinition.flatMap { taskDefinitions[$0] } }
}
