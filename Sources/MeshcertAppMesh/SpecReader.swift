/// Reads the `spec` of virtual nodes, gateways and routes. The aws CLI and the Kubernetes
/// controller share the structure; where the CRDs spell a key differently (`certificateARN`,
/// `certificateAuthorityARNs`, `virtualServiceRef`, `virtualNodeRef`) both spellings are read.
enum SpecReader {
    typealias Failure = FieldPath.Failure

    /// `tls.certificate` (listener) or `clientPolicy.tls.certificate`: exactly one of acm, file, sds.
    static func certificate(_ f: FieldPath) throws -> TLSCertificate? {
        guard try f.object() != nil else { return nil }
        try f.onlyKeys(["acm", "file", "sds"])
        let acm = try f.child("acm"), file = try f.child("file"), sds = try f.child("sds")
        let present = [acm, file, sds].filter(\.isPresent)
        guard present.count == 1 else {
            throw Failure(field: f.path, message: present.isEmpty ? "expected one of acm, file, sds"
                                                                   : "more than one of acm, file, sds")
        }
        if acm.isPresent {
            return TLSCertificate(source: .acm,
                                  certificateArn: try acm.child("certificateArn", "certificateARN").requiredString())
        }
        if file.isPresent {
            return TLSCertificate(source: .file,
                                  certificateChain: try file.child("certificateChain").requiredString(),
                                  privateKey: try file.child("privateKey").requiredString())
        }
        return TLSCertificate(source: .sds, secretName: try sds.child("secretName").requiredString())
    }

    /// `validation`: `trust` (acm, file or sds) and `subjectAlternativeNames.match.exact`.
    static func validation(_ f: FieldPath) throws -> TLSValidation? {
        guard try f.object() != nil else { return nil }
        try f.onlyKeys(["trust", "subjectAlternativeNames"])
        let trust = try f.child("trust")
        guard try trust.object() != nil else { throw Failure(field: trust.path, message: "missing") }
        try trust.onlyKeys(["acm", "file", "sds"])
        let sans = try f.child("subjectAlternativeNames").child("match").child("exact").strings()
        let acm = try trust.child("acm"), file = try trust.child("file"), sds = try trust.child("sds")
        let present = [acm, file, sds].filter(\.isPresent)
        guard present.count == 1 else {
            throw Failure(field: trust.path, message: present.isEmpty ? "expected one of acm, file, sds"
                                                                      : "more than one of acm, file, sds")
        }
        if acm.isPresent {
            let arnsField = try acm.child("certificateAuthorityArns", "certificateAuthorityARNs")
            let arns = try arnsField.strings()
            guard !arns.isEmpty else { throw Failure(field: arnsField.path, message: "missing (1 to 3 ARNs)") }
            return TLSValidation(trustSource: .acm, certificateAuthorityArns: arns, subjectAlternativeNames: sans)
        }
        if file.isPresent {
            return TLSValidation(trustSource: .file, certificateChain: try file.child("certificateChain").requiredString(),
                                 subjectAlternativeNames: sans)
        }
        return TLSValidation(trustSource: .sds, secretName: try sds.child("secretName").requiredString(),
                             subjectAlternativeNames: sans)
    }

    static func listeners(_ f: FieldPath) throws -> [Listener] {
        try f.array().map { item in
            let mapping = try item.child("portMapping")
            guard try mapping.object() != nil else { throw Failure(field: mapping.path, message: "missing") }
            let port = try mapping.child("port").requiredInt()
            guard (1...65535).contains(port) else {
                throw Failure(field: mapping.path + ".port", message: "\(port) is not a port number")
            }
            var listener = Listener(port: port, protocolName: try mapping.child("protocol").requiredString())
            let tls = try item.child("tls")
            if try tls.object() != nil {
                try tls.onlyKeys(["mode", "certificate", "validation"])
                let modeField = try tls.child("mode")
                let mode = try modeField.requiredString()
                guard ["STRICT", "PERMISSIVE", "DISABLED"].contains(mode) else {
                    throw Failure(field: modeField.path, message: "\"\(mode)\" is not STRICT, PERMISSIVE or DISABLED")
                }
                listener.tlsMode = mode
                listener.certificate = try certificate(tls.child("certificate"))
                listener.validation = try validation(tls.child("validation"))
                if listener.certificate == nil && mode != "DISABLED" {
                    throw Failure(field: tls.path + ".certificate", message: "missing")
                }
            }
            listener.timeout = try timeout(item.child("timeout"))
            return listener
        }
    }

    /// `timeout.{http|http2|grpc|tcp}.{idle|perRequest}` as milliseconds.
    static func timeout(_ f: FieldPath) throws -> ListenerTimeout? {
        guard try f.object() != nil else { return nil }
        var result = ListenerTimeout()
        for proto in ["http", "http2", "grpc", "tcp"] {
            let block = try f.child(proto)
            guard try block.object() != nil else { continue }
            result.idleMilliseconds = try duration(block.child("idle"))
            result.perRequestMilliseconds = try duration(block.child("perRequest"))
        }
        return result == ListenerTimeout() ? nil : result
    }

    static func duration(_ f: FieldPath) throws -> Int64? {
        guard try f.object() != nil else { return nil }
        let value = Int64(try f.child("value").requiredInt())
        let unitField = try f.child("unit")
        switch try unitField.string() ?? "s" {
        case "s": return value * 1000
        case "ms": return value
        case let other: throw Failure(field: unitField.path, message: "\"\(other)\" is not s or ms")
        }
    }

    /// `clientPolicy` (of backendDefaults or a backend); nil when it has no `tls`.
    static func clientPolicy(_ f: FieldPath, backend: String?) throws -> ClientPolicy? {
        let tls = try f.child("tls")
        guard try tls.object() != nil else { return nil }
        try tls.onlyKeys(["enforce", "ports", "certificate", "validation"])
        let ports = try tls.child("ports").array().map { try $0.requiredInt() }
        let policy = ClientPolicy(backend: backend, enforce: try tls.child("enforce").bool() ?? true, ports: ports,
                                  certificate: try certificate(tls.child("certificate")),
                                  validation: try validation(tls.child("validation")))
        if let cert = policy.certificate, cert.source == .acm {
            throw Failure(field: tls.path + ".certificate.acm", message: "client certificates come from file or sds, not acm")
        }
        guard policy.validation != nil else { throw Failure(field: tls.path + ".validation", message: "missing") }
        return policy
    }

    static func serviceDiscovery(_ f: FieldPath) throws -> ServiceDiscovery? {
        guard try f.object() != nil else { return nil }
        let cloudMap = try f.child("awsCloudMap")
        if try cloudMap.object() != nil {
            return ServiceDiscovery(kind: .cloudMap, namespace: try cloudMap.child("namespaceName").requiredString(),
                                    service: try cloudMap.child("serviceName").requiredString())
        }
        let dns = try f.child("dns")
        if try dns.object() != nil {
            return ServiceDiscovery(kind: .dns, hostname: try dns.child("hostname").requiredString())
        }
        return nil
    }

    /// Fills listeners, client policies, backends and service discovery from a node or gateway spec.
    static func node(spec: FieldPath, into node: inout MeshNode) throws {
        guard try spec.object() != nil else { throw Failure(field: spec.path, message: "missing") }
        node.listeners = try listeners(spec.child("listeners"))
        if node.kind == .virtualNode {
            node.serviceDiscovery = try serviceDiscovery(spec.child("serviceDiscovery"))
        }
        var policies: [ClientPolicy] = []
        if let defaults = try clientPolicy(spec.child("backendDefaults").child("clientPolicy"), backend: nil) {
            policies.append(defaults)
        }
        for backend in try spec.child("backends").array() {
            let vs = try backend.child("virtualService")
            guard try vs.object() != nil else { continue }
            let name = try backendName(vs)
            node.backends.append(name)
            if let policy = try clientPolicy(vs.child("clientPolicy"), backend: name) { policies.append(policy) }
        }
        node.clientPolicies = policies
    }

    /// `virtualServiceName` (aws CLI), `virtualServiceRef.name` or the last part of `virtualServiceARN` (CRD).
    static func backendName(_ vs: FieldPath) throws -> String {
        if let name = try vs.child("virtualServiceName").string() { return name }
        if let name = try vs.child("virtualServiceRef").child("name").string() { return name }
        if let arn = try vs.child("virtualServiceARN").string() { return String(arn.split(separator: "/").last ?? "") }
        throw Failure(field: vs.path + ".virtualServiceName", message: "missing")
    }

    static let routeTypes = ["httpRoute", "http2Route", "grpcRoute", "tcpRoute"]

    /// The route type and its `action.weightedTargets`.
    static func route(_ spec: FieldPath) throws -> (type: String, targets: [WeightedTarget]) {
        for type in routeTypes {
            let block = try spec.child(type)
            guard try block.object() != nil else { continue }
            let targetsField = try block.child("action").child("weightedTargets")
            let targets = try targetsField.array().map { t -> WeightedTarget in
                let node: String
                if let n = try t.child("virtualNode").string() { node = n }
                else if let n = try t.child("virtualNodeRef").child("name").string() { node = n }
                else if let arn = try t.child("virtualNodeARN").string() { node = String(arn.split(separator: "/").last ?? "") }
                else { throw Failure(field: t.path + ".virtualNode", message: "missing") }
                return WeightedTarget(virtualNode: node, weight: try t.child("weight").requiredInt(), port: try t.child("port").int())
            }
            guard !targets.isEmpty else { throw Failure(field: targetsField.path, message: "missing") }
            return (type, targets)
        }
        throw Failure(field: spec.path, message: "expected one of " + routeTypes.joined(separator: ", "))
    }

    /// What a route's `match` selects, as short texts (`prefix /api`, `header x-canary`); a prefix
    /// of `/` matches everything and is left out. Values of an unexpected type are not read.
    static func match(_ spec: FieldPath, routeType: String) throws -> [String] {
        let m = try spec.child(routeType).child("match")
        guard case .object(let f)? = m.value else { return [] }
        func text(_ v: DocValue?) -> String? {
            switch v {
            case .string(let s)?: return s
            case .int(let i)?: return String(i)
            default: return nil
            }
        }
        func names(_ v: DocValue?) -> [String] {
            guard case .array(let items)? = v else { return [] }
            return items.map { item in
                if case .object(let o) = item, let n = text(o["name"]) { return n }
                return "?"
            }
        }
        var out: [String] = []
        if let p = text(f["prefix"]), p != "/" { out.append("prefix \(p)") }
        if case .object(let path)? = f["path"] {
            if let e = text(path["exact"]) { out.append("path \(e)") } else if let r = text(path["regex"]) { out.append("path regex \(r)") }
        }
        out += names(f["headers"]).map { "header \($0)" }
        if let method = text(f["method"]) { out.append("method \(method)") }
        out += names(f["queryParameters"]).map { "query parameter \($0)" }
        if let port = text(f["port"]) { out.append("port \(port)") }
        if let service = text(f["serviceName"]) { out.append("gRPC service \(service)") }
        if let method = text(f["methodName"]) { out.append("gRPC method \(method)") }
        out += names(f["metadata"]).map { "gRPC metadata \($0)" }
        return out
    }
}
