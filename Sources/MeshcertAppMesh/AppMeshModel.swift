import MeshcertSupport
/// App Mesh configuration as meshcert understands it: the TLS-relevant part of meshes, virtual
/// nodes and gateways, routers and routes, read from aws CLI exports or controller CRDs.
/// Field names follow the App Mesh API (botocore appmesh 2019-01-25).

/// Where a certificate (or a trust bundle) comes from.
public enum CertificateSource: String, Sendable, Equatable, CaseIterable {
    case acm, file, sds
}

/// `tls.certificate` of a listener or client policy: exactly one source.
public struct TLSCertificate: Sendable, Equatable {
    public var source: CertificateSource
    /// `acm.certificateArn` (CRD: `certificateARN`).
    public var certificateArn: String?
    /// `file.certificateChain` / `file.privateKey`: paths inside the Envoy container.
    public var certificateChain: String?
    public var privateKey: String?
    /// `sds.secretName`.
    public var secretName: String?

    public init(source: CertificateSource, certificateArn: String? = nil, certificateChain: String? = nil,
                privateKey: String? = nil, secretName: String? = nil) {
        self.source = source
        self.certificateArn = certificateArn
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.secretName = secretName
    }
}

/// `validation`: what a listener trusts for client certificates, or a client trusts for servers.
public struct TLSValidation: Sendable, Equatable {
    /// `trust.acm` (client policies only), `trust.file` or `trust.sds`.
    public var trustSource: CertificateSource
    /// `trust.acm.certificateAuthorityArns` (CRD: `certificateAuthorityARNs`).
    public var certificateAuthorityArns: [String]
    public var certificateChain: String?
    public var secretName: String?
    /// `subjectAlternativeNames.match.exact`.
    public var subjectAlternativeNames: [String]

    public init(trustSource: CertificateSource, certificateAuthorityArns: [String] = [], certificateChain: String? = nil,
                secretName: String? = nil, subjectAlternativeNames: [String] = []) {
        self.trustSource = trustSource
        self.certificateAuthorityArns = certificateAuthorityArns
        self.certificateChain = certificateChain
        self.secretName = secretName
        self.subjectAlternativeNames = subjectAlternativeNames
    }
}

/// A listener timeout normalised to milliseconds (App Mesh durations are `{unit: s|ms, value}`).
public struct ListenerTimeout: Sendable, Equatable {
    public var idleMilliseconds: Int64?
    public var perRequestMilliseconds: Int64?

    public init(idleMilliseconds: Int64? = nil, perRequestMilliseconds: Int64? = nil) {
        self.idleMilliseconds = idleMilliseconds
        self.perRequestMilliseconds = perRequestMilliseconds
    }
}

public struct Listener: Sendable, Equatable {
    public var port: Int
    /// `http`, `http2`, `grpc` or `tcp`.
    public var protocolName: String
    /// `STRICT`, `PERMISSIVE`, `DISABLED`, or nil when the listener has no `tls` block.
    public var tlsMode: String?
    public var certificate: TLSCertificate?
    /// Present = the listener requires client certificates (mutual TLS server).
    public var validation: TLSValidation?
    public var timeout: ListenerTimeout?

    public init(port: Int, protocolName: String, tlsMode: String? = nil, certificate: TLSCertificate? = nil,
                validation: TLSValidation? = nil, timeout: ListenerTimeout? = nil) {
        self.port = port
        self.protocolName = protocolName
        self.tlsMode = tlsMode
        self.certificate = certificate
        self.validation = validation
        self.timeout = timeout
    }

    /// TLS actually offered: a `tls` block whose mode is not DISABLED.
    public var offersTLS: Bool { tlsMode != nil && tlsMode != "DISABLED" }
}

/// `clientPolicy.tls` of `backendDefaults` (backend nil) or of one backend.
public struct ClientPolicy: Sendable, Equatable {
    /// The virtual service this policy applies to; nil for `backendDefaults`.
    public var backend: String?
    public var enforce: Bool
    public var ports: [Int]
    /// Present = the client presents a certificate (mutual TLS client).
    public var certificate: TLSCertificate?
    public var validation: TLSValidation?

    public init(backend: String?, enforce: Bool = true, ports: [Int] = [], certificate: TLSCertificate? = nil,
                validation: TLSValidation? = nil) {
        self.backend = backend
        self.enforce = enforce
        self.ports = ports
        self.certificate = certificate
        self.validation = validation
    }
}

public struct ServiceDiscovery: Sendable, Equatable {
    public enum Kind: String, Sendable { case cloudMap, dns }
    public var kind: Kind
    public var namespace: String?
    public var service: String?
    public var hostname: String?

    public init(kind: Kind, namespace: String? = nil, service: String? = nil, hostname: String? = nil) {
        self.kind = kind
        self.namespace = namespace
        self.service = service
        self.hostname = hostname
    }
}

public enum NodeKind: String, Sendable, Equatable {
    case virtualNode, virtualGateway
}

/// A virtual node or virtual gateway.
public struct MeshNode: Sendable, Equatable {
    public var mesh: String
    /// The App Mesh name (aws CLI) or the Kubernetes `metadata.name` (CRD).
    public var name: String
    /// The CRD's `spec.awsName`, the name App Mesh knows it by; nil for aws CLI exports.
    public var awsName: String?
    public var kind: NodeKind
    public var meshOwner: String?
    public var resourceOwner: String?
    /// The mesh belongs to another account (shared through RAM).
    public var shared: Bool
    public var serviceDiscovery: ServiceDiscovery?
    public var listeners: [Listener]
    /// `backendDefaults` first (backend nil), then one per backend that has its own policy.
    public var clientPolicies: [ClientPolicy]
    /// Virtual service names of the backends.
    public var backends: [String]
    /// The file(s) this node was read from (more than one when the same node appears twice).
    public var sources: [String]
    /// What the reader could not settle and how it decided (a CloudFormation `Fn::If` whose
    /// condition depends on deployment: the stricter branch is read).
    public var notes: [String] = []
    /// Differing definitions of this node in other files: the first differing field of each.
    public var conflicts: [String] = []
    /// The Kubernetes namespace of a CRD (how the controller finds the mesh without `meshRef`).
    public var namespace: String?

    public init(mesh: String, name: String, awsName: String? = nil, kind: NodeKind, meshOwner: String? = nil,
                resourceOwner: String? = nil, shared: Bool = false, serviceDiscovery: ServiceDiscovery? = nil,
                listeners: [Listener] = [], clientPolicies: [ClientPolicy] = [], backends: [String] = [],
                sources: [String] = []) {
        self.mesh = mesh
        self.name = name
        self.awsName = awsName
        self.kind = kind
        self.meshOwner = meshOwner
        self.resourceOwner = resourceOwner
        self.shared = shared
        self.serviceDiscovery = serviceDiscovery
        self.listeners = listeners
        self.clientPolicies = clientPolicies
        self.backends = backends
        self.sources = sources
    }

    /// A listener requires client certificates.
    public var mtlsServer: Bool { listeners.contains { $0.validation != nil } }
    /// A client policy presents a certificate.
    public var mtlsClient: Bool { clientPolicies.contains { $0.certificate != nil } }

    /// Private CA ARNs this node trusts in its client policies, in first-seen order.
    public var trustedCertificateAuthorityArns: [String] {
        var seen: [String] = []
        for policy in clientPolicies {
            for arn in policy.validation?.certificateAuthorityArns ?? [] where !seen.contains(arn) { seen.append(arn) }
        }
        return seen
    }

    /// The mesh of a node whose mesh cannot be told (no `meshRef`, no matching `namespaceSelector`,
    /// several meshes): the node is kept and reported, with a warning.
    public static let unresolvedMesh = "(unresolved)"

    /// The name App Mesh knows this node by.
    public var appMeshName: String { awsName ?? name }
}

public struct WeightedTarget: Sendable, Equatable {
    public var virtualNode: String
    public var weight: Int
    public var port: Int?

    public init(virtualNode: String, weight: Int, port: Int? = nil) {
        self.virtualNode = virtualNode
        self.weight = weight
        self.port = port
    }
}

public struct MeshRoute: Sendable, Equatable {
    public var mesh: String
    public var router: String
    public var name: String
    /// `httpRoute`, `http2Route`, `grpcRoute` or `tcpRoute`.
    public var routeType: String
    public var weightedTargets: [WeightedTarget]
    public var sources: [String]
    /// What the route matches on (`prefix /api`, `header x-canary`...); empty: everything.
    public var match: [String] = []
    /// See `MeshNode.notes`.
    public var notes: [String] = []
    /// See `MeshNode.conflicts`.
    public var conflicts: [String] = []
    /// See `MeshNode.namespace`.
    public var namespace: String?

    public init(mesh: String, router: String, name: String, routeType: String, weightedTargets: [WeightedTarget],
                sources: [String] = []) {
        self.mesh = mesh
        self.router = router
        self.name = name
        self.routeType = routeType
        self.weightedTargets = weightedTargets
        self.sources = sources
    }
}

public struct MeshInfo: Sendable, Equatable {
    public var name: String
    public var awsName: String?
    public var meshOwner: String?
    public var resourceOwner: String?
    /// `ALLOW_ALL` or `DROP_ALL`.
    public var egressFilter: String?
    public var sources: [String]
    /// A CRD Mesh's `namespaceSelector.matchLabels` (empty: every namespace; nil: none given).
    public var namespaceSelector: [String: String]?

    public init(name: String, awsName: String? = nil, meshOwner: String? = nil, resourceOwner: String? = nil,
                egressFilter: String? = nil, sources: [String] = []) {
        self.name = name
        self.awsName = awsName
        self.meshOwner = meshOwner
        self.resourceOwner = resourceOwner
        self.egressFilter = egressFilter
        self.sources = sources
    }
}

/// A virtual service and what provides it (a virtual node or a virtual router).
public struct MeshVirtualService: Sendable, Equatable {
    public var mesh: String
    public var name: String
    public var awsName: String?
    public var providerNode: String?
    public var providerRouter: String?
    /// See `MeshNode.namespace`.
    public var namespace: String?

    public init(mesh: String, name: String, awsName: String? = nil, providerNode: String? = nil, providerRouter: String? = nil) {
        self.mesh = mesh
        self.name = name
        self.awsName = awsName
        self.providerNode = providerNode
        self.providerRouter = providerRouter
    }
}

/// Everything read from the inputs, deduplicated.
public struct AppMeshConfiguration: Sendable, Equatable {
    public var meshes: [MeshInfo] = []
    public var nodes: [MeshNode] = []
    public var routes: [MeshRoute] = []
    public var virtualServices: [MeshVirtualService] = []
    /// Virtual routers and gateway routes, by mesh and name (counted; TLS lives elsewhere).
    public var virtualRouters: [String] = []
    public var gatewayRoutes: [String] = []
    public var errors: [Diagnostic] = []
    /// Files that held App Mesh configuration, and files skipped as something else.
    public var filesRead = 0
    public var filesSkipped = 0
    /// Why files were skipped.
    public var skippedBy = SkippedFiles()

    public init() {}
}

/// Why files were skipped: the counts behind `filesSkipped`.
public struct SkippedFiles: Sendable, Equatable {
    /// CloudFormation templates without `AWS::AppMesh::*` resources.
    public var cloudFormation = 0
    /// Shell scripts (`#!` first line or a `.sh` name).
    public var scripts = 0
    /// JSON that is neither aws CLI App Mesh output, a request file, a template nor App Mesh resources.
    public var json = 0
    /// Larger than any configuration file (64 MiB).
    public var tooLarge = 0
    /// Anything else (YAML without App Mesh resources, text, binaries).
    public var other = 0

    public init() {}

    /// `3 CloudFormation templates without App Mesh resources, 2 scripts, 1 unknown JSON`.
    public var description: String {
        func n(_ count: Int, _ one: String, _ many: String) -> String? { count == 0 ? nil : "\(count) \(count == 1 ? one : many)" }
        return [n(cloudFormation, "CloudFormation template without App Mesh resources", "CloudFormation templates without App Mesh resources"),
                n(scripts, "script", "scripts"), n(json, "unknown JSON", "unknown JSON"),
                n(tooLarge, "file over 64 MiB", "files over 64 MiB"), n(other, "other file", "other files")]
            .compactMap { $0 }.joined(separator: ", ")
    }
}

enum SkipReason { case cloudFormation, script, json, tooLarge, other }

/// A Kubernetes Namespace and its labels (for a Mesh's `namespaceSelector`).
struct KubernetesNamespace: Equatable {
    var name: String
    var labels: [String: String]
}
