internal import COpenSSL

/// The chain OpenSSL built in a store context, as far as it got.
enum BuiltPath {
    /// The chain's certificates, peer first; nil when OpenSSL built none.
    static func certificates(_ ctx: OpaquePointer) -> [X509Certificate]? {
        guard let chain = X509_STORE_CTX_get1_chain(ctx) else { return nil }
        defer { mc_sk_X509_pop_free(chain) }  // get1: the stack and its references are ours
        let list = (0..<mc_sk_X509_num(chain)).compactMap { mc_sk_X509_value(chain, $0).map(X509Certificate.init(retaining:)) }
        return list.isEmpty ? nil : list
    }

    /// Roles: the peer is the leaf; a known anchor, or the last certificate of a verified path,
    /// is a `root` (self-signed) or an `anchor`; the rest are intermediates.
    static func entries(_ chain: [X509Certificate], verified: Bool, anchorHashes: Set<String>) -> [PathCertificate] {
        chain.enumerated().map { i, cert in
            let sha256 = cert.sha256
            let role: PathCertificate.Role
            if i > 0, anchorHashes.contains(sha256) || (verified && i == chain.count - 1) {
                role = X509_get_extension_flags(cert.pointer) & UInt32(EXFLAG_SS) != 0 ? .root : .anchor
            } else {
                role = i == 0 ? .leaf : .intermediate
            }
            return PathCertificate(subject: cert.subjectName, role: role, notBefore: cert.notBefore,
                                   notAfter: cert.notAfter, sha256: sha256)
        }
    }
}
