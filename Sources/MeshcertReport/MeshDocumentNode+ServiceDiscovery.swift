import MeshcertAppMesh

extension MeshDocument.Node {
    /// "DNS host" or "Cloud Map namespace/service"; nil without service discovery.
    var serviceDiscoveryText: String? {
        guard let sd = serviceDiscovery else { return nil }
        if sd.type == .dns { return "DNS " + (sd.hostname ?? "") }
        return "Cloud Map " + (sd.namespace ?? "") + "/" + (sd.service ?? "")
    }
}
