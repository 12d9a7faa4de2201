/// The one table from CloudFormation's capitalised property names (`AWS::AppMesh::*` `Spec`) to
/// the App Mesh API's names, which `SpecReader` reads. Each name was checked against the
/// CloudFormation resource reference (AWS::AppMesh::Mesh, VirtualNode, VirtualGateway,
/// VirtualRouter, Route, VirtualService, GatewayRoute and their property types). A name not in
/// the table is kept as written: `SpecReader` does not read it, so nothing is guessed.
enum CloudFormationNames {
    static let apiName: [String: String] = [
        // Mesh: MeshSpec, EgressFilter, MeshServiceDiscovery
        "EgressFilter": "egressFilter", "Type": "type", "IpPreference": "ipPreference",
        // VirtualNode / VirtualGateway: specs, listeners, TLS
        "Listeners": "listeners", "PortMapping": "portMapping", "Port": "port", "Protocol": "protocol",
        "TLS": "tls", "Mode": "mode", "Certificate": "certificate",
        "ACM": "acm", "CertificateArn": "certificateArn",
        "File": "file", "CertificateChain": "certificateChain", "PrivateKey": "privateKey",
        "SDS": "sds", "SecretName": "secretName",
        "Validation": "validation", "Trust": "trust", "CertificateAuthorityArns": "certificateAuthorityArns",
        "SubjectAlternativeNames": "subjectAlternativeNames", "Match": "match", "Exact": "exact",
        "Timeout": "timeout", "GRPC": "grpc", "HTTP": "http", "HTTP2": "http2", "TCP": "tcp",
        "Idle": "idle", "PerRequest": "perRequest", "Unit": "unit", "Value": "value",
        "HealthCheck": "healthCheck", "OutlierDetection": "outlierDetection", "ConnectionPool": "connectionPool",
        "ServiceDiscovery": "serviceDiscovery", "AWSCloudMap": "awsCloudMap", "NamespaceName": "namespaceName",
        "ServiceName": "serviceName", "Attributes": "attributes", "Key": "key",
        "DNS": "dns", "Hostname": "hostname", "ResponseType": "responseType",
        "BackendDefaults": "backendDefaults", "ClientPolicy": "clientPolicy", "Enforce": "enforce", "Ports": "ports",
        "Backends": "backends", "VirtualService": "virtualService", "VirtualServiceName": "virtualServiceName",
        "Logging": "logging", "AccessLog": "accessLog",
        // Route: RouteSpec, HttpRoute, GrpcRoute, TcpRoute, matches, WeightedTarget
        "HttpRoute": "httpRoute", "Http2Route": "http2Route", "GrpcRoute": "grpcRoute", "TcpRoute": "tcpRoute",
        "Priority": "priority", "Action": "action", "WeightedTargets": "weightedTargets",
        "VirtualNode": "virtualNode", "Weight": "weight", "RetryPolicy": "retryPolicy",
        "Prefix": "prefix", "Path": "path", "Regex": "regex", "Suffix": "suffix", "Range": "range",
        "Start": "start", "End": "end", "Headers": "headers", "Name": "name", "Invert": "invert",
        "Method": "method", "Scheme": "scheme", "QueryParameters": "queryParameters",
        "MethodName": "methodName", "Metadata": "metadata",
        // VirtualService: VirtualServiceProvider
        "Provider": "provider", "VirtualNodeName": "virtualNodeName",
        "VirtualRouter": "virtualRouter", "VirtualRouterName": "virtualRouterName",
    ]

    /// The table read backwards: a field path of the mapped spec in the template's own names
    /// (`Resources.N.Properties.Spec.listeners[0].tls.mode` -> `...Spec.Listeners[0].TLS.Mode`).
    static let cloudFormationName: [String: String] = Dictionary(apiName.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })

    static func templatePath(_ path: String) -> String {
        guard let spec = path.range(of: ".Spec.") else { return path }
        let rest = path[spec.upperBound...].split(separator: ".", omittingEmptySubsequences: false).map { part -> String in
            let name = part.prefix { $0 != "[" }
            return (cloudFormationName[String(name)] ?? String(name)) + part.dropFirst(name.count)
        }
        return path[..<spec.upperBound] + rest.joined(separator: ".")
    }

    /// Fields the API reads as numbers or booleans; CloudFormation accepts them as strings too.
    static let integerFields: Set<String> = ["port", "weight", "value", "priority"]
    static let booleanFields: Set<String> = ["enforce", "invert"]

    /// `spec` with API names, numeric and boolean strings typed.
    static func api(_ value: DocValue, key: String? = nil) -> DocValue {
        switch value {
        case .object(let fields):
            var out: [String: DocValue] = [:]
            out.reserveCapacity(fields.count)
            for (k, v) in fields {
                let name = apiName[k] ?? k
                out[name] = api(v, key: name)
            }
            return .object(out)
        case .array(let items):
            return .array(items.map { api($0, key: key == "ports" ? "port" : nil) })
        case .string(let s):
            if let key, integerFields.contains(key), let i = Int(s) { return .int(i) }
            if let key, booleanFields.contains(key), s == "true" || s == "false" { return .bool(s == "true") }
            return value
        default:
            return value
        }
    }
}
