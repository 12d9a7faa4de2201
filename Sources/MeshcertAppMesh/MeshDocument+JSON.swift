import MeshcertSupport

/// The lists of a `MeshDocument` that grow with the input, as JSON trees built directly (see
/// `MeshDocument.json()`); each equals its `JSONValueEncoder` encoding.

// MARK: the large lists, built directly

extension MeshDocument.Node {
    /// This node as a JSON tree, equal to `JSONValueEncoder().encode(self)`.
    public func json() -> JSON {
        .object([
            ("mesh", .string(mesh)),
            ("name", .string(name)),
            ("awsName", .string(awsName)),
            ("kind", .string(kind.rawValue)),
            ("meshOwner", .string(meshOwner)),
            ("resourceOwner", .string(resourceOwner)),
            ("shared", .bool(shared)),
            ("serviceDiscovery", serviceDiscovery.map { sd in
                .object([("type", .string(sd.type.rawValue)), ("namespace", .string(sd.namespace)),
                         ("service", .string(sd.service)), ("hostname", .string(sd.hostname))])
            } ?? .null),
            ("listeners", .array(listeners.map { $0.json() })),
            ("clientPolicies", .array(clientPolicies.map { $0.json() })),
            ("backends", .strings(backends)),
            ("mtlsServer", .bool(mtlsServer)),
            ("mtlsClient", .bool(mtlsClient)),
            ("trustedCertificateAuthorityArns", .strings(trustedCertificateAuthorityArns)),
            ("weightedRouteTarget", .bool(weightedRouteTarget)),
            ("ready", .bool(ready)),
            ("certificates", .array(certificates.map { $0.json() })),
            ("findings", .array(findings.map { $0.json() })),
            ("sources", .strings(sources)),
            ("matchRouteTarget", matchRouteTarget.map(JSON.bool) ?? .null),
            ("notes", notes.map { .strings($0) } ?? .null),
        ])
    }
}

extension MeshDocument.Listener {
    func json() -> JSON {
        .object([
            ("port", .int(port)),
            ("protocol", .string(`protocol`)),
            ("tlsMode", .string(tlsMode)),
            ("certificateSource", .string(certificateSource?.rawValue)),
            ("certificateArn", .string(certificateArn)),
            ("certificateChain", .string(certificateChain)),
            ("privateKey", .string(privateKey)),
            ("secretName", .string(secretName)),
            ("validation", validation?.json() ?? .null),
            ("timeout", timeout.map { t in
                .object([("idleMilliseconds", t.idleMilliseconds.map(JSON.int) ?? .null),
                         ("perRequestMilliseconds", t.perRequestMilliseconds.map(JSON.int) ?? .null)])
            } ?? .null),
        ])
    }
}

extension MeshDocument.Validation {
    func json() -> JSON {
        .object([
            ("trustSource", .string(trustSource.rawValue)),
            ("certificateAuthorityArns", .strings(certificateAuthorityArns)),
            ("certificateChain", .string(certificateChain)),
            ("secretName", .string(secretName)),
            ("subjectAlternativeNames", .strings(subjectAlternativeNames)),
        ])
    }
}

extension MeshDocument.ClientPolicy {
    func json() -> JSON {
        .object([
            ("backend", .string(backend)),
            ("enforce", .bool(enforce)),
            ("ports", .array(ports.map { .int($0) })),
            ("certificateSource", .string(certificateSource?.rawValue)),
            ("certificateChain", .string(certificateChain)),
            ("privateKey", .string(privateKey)),
            ("secretName", .string(secretName)),
            ("validation", validation?.json() ?? .null),
        ])
    }
}

extension MeshDocument.LinkedCertificate {
    func json() -> JSON {
        .object([
            ("role", .string(role)),
            ("context", .string(context)),
            ("configuredPath", .string(configuredPath)),
            ("file", .string(file)),
            ("certificates", certificates.map { .int($0) } ?? .null),
            ("subject", .string(subject)),
            ("notAfter", .string(notAfter?.description)),
            ("usageMode", .string(usageMode)),
            ("findings", .strings(findings)),
        ])
    }
}

extension MeshDocument.Finding {
    func json() -> JSON {
        .object([("code", .string(code)), ("severity", .string(severity.rawValue)), ("message", .string(message)), ("fix", .string(fix))])
    }
}

extension MeshDocument.Route {
    /// This route as a JSON tree, equal to `JSONValueEncoder().encode(self)`.
    public func json() -> JSON {
        .object([
            ("mesh", .string(mesh)),
            ("router", .string(router)),
            ("name", .string(name)),
            ("type", .string(type)),
            ("weightedTargets", .array(weightedTargets.map { t in
                .object([("virtualNode", .string(t.virtualNode)), ("weight", .int(t.weight)), ("port", t.port.map { JSON.int($0) } ?? .null)])
            })),
            ("findings", .array(findings.map { $0.json() })),
            ("sources", .strings(sources)),
            ("match", match.map { .strings($0) } ?? .null),
            ("notes", notes.map { .strings($0) } ?? .null),
        ])
    }
}

extension MeshDocument.ReadError {
    /// This error as a JSON tree, equal to `JSONValueEncoder().encode(self)` (also in plan documents).
    func json() -> JSON {
        .object([("file", .string(file)), ("field", .string(field)), ("message", .string(message)),
                 ("line", line.map { JSON.int($0) } ?? .null), ("column", column.map { JSON.int($0) } ?? .null)])
    }
}
