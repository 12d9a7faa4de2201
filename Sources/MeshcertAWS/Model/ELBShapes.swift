/// `aws elbv2 describe-load-balancers`, `describe-target-groups`, `describe-listeners`,
/// `describe-rules` (botocore elbv2 2015-12-01): what forwards to weighted target groups.
public struct DescribeLoadBalancersOutput: Decodable, Sendable, Equatable {
    public var loadBalancers: [LoadBalancer]
    enum CodingKeys: String, CodingKey { case loadBalancers = "LoadBalancers" }
}

public struct LoadBalancer: Decodable, Sendable, Equatable {
    public var arn: String
    public var dnsName: String?
    public var name: String?
    public var type: String?
    enum CodingKeys: String, CodingKey { case arn = "LoadBalancerArn", dnsName = "DNSName", name = "LoadBalancerName", type = "Type" }
    public init(arn: String, dnsName: String?, name: String?) {
        self.arn = arn
        self.dnsName = dnsName
        self.name = name
        type = "application"
    }
}

public struct DescribeTargetGroupsOutput: Decodable, Sendable, Equatable {
    public var targetGroups: [TargetGroup]
    enum CodingKeys: String, CodingKey { case targetGroups = "TargetGroups" }
}

public struct TargetGroup: Decodable, Sendable, Equatable {
    public var arn: String
    public var name: String?
    public var loadBalancerArns: [String]?
    enum CodingKeys: String, CodingKey { case arn = "TargetGroupArn", name = "TargetGroupName", loadBalancerArns = "LoadBalancerArns" }
    public init(arn: String, name: String?) {
        self.arn = arn
        self.name = name
    }
}

public struct DescribeListenersOutput: Decodable, Sendable, Equatable {
    public var listeners: [ELBListener]
    enum CodingKeys: String, CodingKey { case listeners = "Listeners" }
}

public struct ELBListener: Decodable, Sendable, Equatable {
    public var arn: String
    public var loadBalancerArn: String?
    public var port: Int?
    public var protocolName: String?
    public var defaultActions: [ELBAction]?
    enum CodingKeys: String, CodingKey {
        case arn = "ListenerArn", loadBalancerArn = "LoadBalancerArn", port = "Port", protocolName = "Protocol", defaultActions = "DefaultActions"
    }
    public init(arn: String, loadBalancerArn: String?, port: Int?, defaultActions: [ELBAction]) {
        self.arn = arn
        self.loadBalancerArn = loadBalancerArn
        self.port = port
        self.defaultActions = defaultActions
    }
}

public struct DescribeRulesOutput: Decodable, Sendable, Equatable {
    public var rules: [ELBRule]
    enum CodingKeys: String, CodingKey { case rules = "Rules" }
}

public struct ELBRule: Decodable, Sendable, Equatable {
    public var arn: String
    /// A number as text, or `default`.
    public var priority: String?
    public var isDefault: Bool?
    public var actions: [ELBAction]?
    enum CodingKeys: String, CodingKey { case arn = "RuleArn", priority = "Priority", isDefault = "IsDefault", actions = "Actions" }
    public init(arn: String, priority: String?, isDefault: Bool = false, actions: [ELBAction]) {
        self.arn = arn
        self.priority = priority
        self.isDefault = isDefault
        self.actions = actions
    }
}

public struct ELBAction: Decodable, Sendable, Equatable {
    public var type: String
    public var targetGroupArn: String?
    public var forwardConfig: ForwardConfig?

    public struct ForwardConfig: Decodable, Sendable, Equatable {
        public var targetGroups: [WeightedTargetGroup]?
        enum CodingKeys: String, CodingKey { case targetGroups = "TargetGroups" }
    }

    public struct WeightedTargetGroup: Decodable, Sendable, Equatable {
        public var targetGroupArn: String?
        public var weight: Int?
        enum CodingKeys: String, CodingKey { case targetGroupArn = "TargetGroupArn", weight = "Weight" }
    }

    enum CodingKeys: String, CodingKey { case type = "Type", targetGroupArn = "TargetGroupArn", forwardConfig = "ForwardConfig" }

    /// A forward action over the weighted target groups (ARN, weight).
    public static func forward(_ groups: [(String, Int)]) -> ELBAction {
        ELBAction(type: "forward", targetGroupArn: nil,
                  forwardConfig: ForwardConfig(targetGroups: groups.map { WeightedTargetGroup(targetGroupArn: $0.0, weight: $0.1) }))
    }

    public init(type: String, targetGroupArn: String?, forwardConfig: ForwardConfig?) {
        self.type = type
        self.targetGroupArn = targetGroupArn
        self.forwardConfig = forwardConfig
    }
}
