/// Rules that need the certificates themselves (`--certs`): what a linked trust bundle holds, and
/// which names a presented certificate carries.
enum CertificateRules {
    /// `trust_not_root_ca`: App Mesh wants only root CAs in a validation trust (client policy or
    /// listener). File trusts linked to scanned files are checked certificate by certificate.
    /// ACM trusts (`certificateAuthorityArns`) are not reported: whether a Private CA is a root
    /// cannot be seen offline, and an "unchecked" note on every ACM trust would be noise beside
    /// `general_purpose_ca`, which already names each of them. SDS trusts are not inspectable either.
    static func trustNotRootCA(_ linked: [LinkedCertificate]) -> [MeshFinding] {
        var order: [String] = []
        var contexts: [String: [String]] = [:]
        var files: [String: ScannedCertificateFile] = [:]
        for use in linked where use.role == "trusted" {
            guard let file = use.file else { continue }
            if files[use.configuredPath] == nil { order.append(use.configuredPath); files[use.configuredPath] = file }
            if !contexts[use.configuredPath, default: []].contains(use.context) { contexts[use.configuredPath, default: []].append(use.context) }
        }
        return order.compactMap { path in
            let file = files[path]!
            let offending = file.members.filter { !$0.isRootCA }
            guard !offending.isEmpty else { return nil }
            let what = offending.map { "\($0.subject) (\(describe($0)))" }.joined(separator: "; ")
            return MeshFinding(
                code: MeshFindingCode.trustNotRootCA, severity: .warning,
                message: "trust \(path) (\(contexts[path]!.joined(separator: ", "))) → \(file.path) holds "
                    + (offending.count == 1 ? "a certificate that is not a root CA: " : "\(offending.count) certificates that are not root CAs: ") + what,
                fix: "App Mesh requires root CAs in a trust: keep only self-signed CA:TRUE certificates in this file "
                    + "and have every server present its intermediates in its own certificate chain (a server whose file holds only its leaf then fails validation)")
        }
    }

    static func describe(_ c: ScannedCertificate) -> String {
        switch (c.isCA, c.selfSigned) {
        case (true, _): return "intermediate CA, issued by \(c.issuer)"
        case (false, true): return "self-signed but not a CA: no basicConstraints CA:TRUE"
        case (false, false): return "end-entity certificate, issued by \(c.issuer)"
        }
    }

    /// `wildcard_san_enforced`, server side: a virtual node presenting a certificate with a
    /// wildcard DNS SAN to callers whose client policy for it is enforced. Callers are the virtual
    /// nodes listing a backend that resolves to this node (`BackendResolver`); the policy is the
    /// backend's own, else `backendDefaults`; a policy with `ports` covers only those listener ports.
    /// A certificate that also carries the exact name a caller uses (the virtual service name) is
    /// matched by that name, not the wildcard: that caller does not count.
    /// Returns findings by index into `config.nodes`.
    static func wildcardSANEnforced(_ config: AppMeshConfiguration, linker: CertificateLinker) -> [Int: [MeshFinding]] {
        let resolver = BackendResolver(config)
        var callers: [Int: [(caller: String, backend: String, ports: [Int])]] = [:]
        for client in config.nodes where client.kind == .virtualNode {
            for backend in client.backends {
                guard let policy = client.clientPolicies.first(where: { $0.backend == backend })
                        ?? client.clientPolicies.first(where: { $0.backend == nil }),
                      policy.enforce else { continue }
                for server in resolver.nodes(serving: backend, mesh: client.mesh) {
                    callers[server, default: []].append((client.name, backend, policy.ports))
                }
            }
        }
        var out: [Int: [MeshFinding]] = [:]
        for (index, calls) in callers {
            for listener in config.nodes[index].listeners where listener.offersTLS {
                guard let certificate = listener.certificate, certificate.source == .file, let chain = certificate.certificateChain,
                      let file = linker.match(chain), let leaf = file.members.first else { continue }
                let wildcards = leaf.dnsNames.filter { $0.contains("*") }
                var enforcing: [String] = []
                let exactNames = Set(leaf.dnsNames.filter { !$0.contains("*") }.map { $0.lowercased() })
                for call in calls where (call.ports.isEmpty || call.ports.contains(listener.port))
                    && !exactNames.contains(call.backend.lowercased()) {
                    let who = "\(call.caller) (backend \(call.backend))"
                    if !enforcing.contains(who) { enforcing.append(who) }
                }
                guard !wildcards.isEmpty, !enforcing.isEmpty else { continue }
                out[index, default: []].append(MeshFinding(
                    code: MeshFindingCode.wildcardSANEnforced, severity: .warning,
                    message: "listener \(listener.port) presents \(chain) → \(file.path) with wildcard SAN \(wildcards.joined(separator: ", ")) "
                        + "to callers whose client policy is enforced: \(enforcing.joined(separator: ", "))",
                    fix: "App Mesh matches wildcard SANs only when the client policy is not enforced: reissue the certificate with the "
                        + "exact DNS names clients call (the virtual service names); turning enforce off in the callers drops the TLS requirement"))
            }
        }
        return out
    }
}
