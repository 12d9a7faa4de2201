internal import COpenSSL
import MeshcertSupport

extension TLSConnection {
    /// The peer's chain judged again after the handshake, against the same trust store, under
    /// `policy` (the `strict` profile after a `compatible` handshake: `strict_validation_failed`).
    /// Nil when the peer sent no certificate.
    public func verdict(under policy: VerificationPolicy, at time: EpochSeconds?, purpose: VerificationPurpose,
                        name: PeerName?) -> ChainVerdict? {
        guard let peer = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(peer) }
        guard let ctx = SSL_get_SSL_CTX(ssl), let store = SSL_CTX_get_cert_store(ctx) else { return nil }
        // The chain the peer sent (client side: leaf first); borrowed from the SSL for this call.
        let sent = SSL_get_peer_cert_chain(ssl)
        return StoreVerification(store: store, untrusted: sent, policy: policy, time: time, anchorHashes: [],
                                 installCallback: true)
            .verdict(for: peer, purpose: purpose, name: name)
    }
}
