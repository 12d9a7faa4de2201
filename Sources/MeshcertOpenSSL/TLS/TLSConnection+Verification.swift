internal import COpenSSL
import MeshcertSupport

extension TLSConnection {
    /// OpenSSL's verification result for the peer's chain (`X509_V_OK`, `X509_V_ERR_...`); nil
    /// when the peer sent no certificate.
    public var verifyResultName: String? {
        let result = Int32(SSL_get_verify_result(ssl))
        // A failed verification leaves no peer certificate on the session; its result says enough.
        guard result != X509_V_OK || SSL_get0_peer_certificate(ssl) != nil else { return nil }
        return VerifyErrorName.name(of: result)
    }

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
