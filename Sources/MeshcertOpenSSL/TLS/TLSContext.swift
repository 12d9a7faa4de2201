internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// Owns one `SSL_CTX`, client or server side.
///
/// Sendable invariant: the context is fully configured in `init` and never mutated afterwards;
/// OpenSSL allows `SSL_new` on a configured context from many threads at once.
public final class TLSContext: @unchecked Sendable {
    let pointer: OpaquePointer
    public let isServer: Bool

    /// A client context: verifies the peer against `trustFile`, optionally presents a certificate.
    public init(client config: TLSClientConfiguration) throws {
        guard let ctx = SSL_CTX_new(TLS_client_method()) else {
            throw TLSSetupError(message: "cannot create a TLS client context", openSSL: .drain("SSL_CTX_new"))
        }
        pointer = ctx
        isServer = false
        // From here on deinit frees ctx on every path, including the throws below.
        _ = mc_SSL_CTX_set_session_cache_mode(ctx, mc_SSL_SESS_CACHE_OFF())
        // Bound what a hostile server can make us buffer (an "endless chain"): 100 KiB.
        _ = mc_SSL_CTX_set_max_cert_list(ctx, 100 * 1024)
        // SSL_read hands control back after each post-handshake record: a peer sending KeyUpdates
        // without end cannot keep a check past its read deadline (see HostileServerTests).
        _ = mc_SSL_CTX_clear_auto_retry(ctx)
        try Self.setVersions(ctx, config.minVersion, config.maxVersion)
        if SSL_CTX_load_verify_locations(ctx, config.trustFile, nil) != 1 {
            throw TLSSetupError(message: "cannot load trust file '\(config.trustFile)' (PEM certificates expected)",
                                openSSL: .drain("SSL_CTX_load_verify_locations"))
        }
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER) { ok, store in InclusiveNotAfter.check(ok, store) }
        if let time = config.verificationTime {
            X509_VERIFY_PARAM_set_time(SSL_CTX_get0_param(ctx), time_t(time))
        }
        try Self.apply(config.policy, to: ctx)
        if let cert = config.certificateFile {
            try Self.useIdentity(ctx, certificateFile: cert, keyFile: config.keyFile ?? cert)
        }
    }

    /// A server context: presents `certificateChainFile`, optionally demands a client certificate.
    public init(server config: TLSServerConfiguration) throws {
        guard let ctx = SSL_CTX_new(TLS_server_method()) else {
            throw TLSSetupError(message: "cannot create a TLS server context", openSSL: .drain("SSL_CTX_new"))
        }
        pointer = ctx
        isServer = true
        _ = mc_SSL_CTX_set_session_cache_mode(ctx, mc_SSL_SESS_CACHE_OFF())
        try Self.setVersions(ctx, config.minVersion, config.maxVersion)
        try Self.useIdentity(ctx, certificateFile: config.certificateChainFile, keyFile: config.keyFile)
        if let suites = config.cipherSuites, SSL_CTX_set_ciphersuites(ctx, suites) != 1 {
            throw TLSSetupError(message: "invalid TLS 1.3 cipher suites '\(suites)'", openSSL: .drain("SSL_CTX_set_ciphersuites"))
        }
        if let time = config.verificationTime {
            X509_VERIFY_PARAM_set_time(SSL_CTX_get0_param(ctx), time_t(time))
        }
        if let clientCA = config.clientCAFile {
            guard SSL_CTX_load_verify_locations(ctx, clientCA, nil) == 1,
                  mc_SSL_CTX_set1_client_ca_list_file(ctx, clientCA) == 1 else {
                throw TLSSetupError(message: "cannot load client CA file '\(clientCA)'", openSSL: .drain("SSL_CTX_load_verify_locations"))
            }
            SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT) { ok, store in
                InclusiveNotAfter.check(ok, store)
            }
            try Self.apply(config.policy, to: ctx)
        }
    }

    deinit { SSL_CTX_free(pointer) }

    /// The verification policy on the context's parameters and store (CRLs).
    private static func apply(_ policy: VerificationPolicy, to ctx: OpaquePointer) throws {
        policy.apply(to: SSL_CTX_get0_param(ctx))
        guard !policy.crlFiles.isEmpty else { return }
        do { try policy.addRevocationLists(to: SSL_CTX_get_cert_store(ctx)) }
        catch { throw TLSSetupError(message: error.description, openSSL: nil) }
    }

    private static func setVersions(_ ctx: OpaquePointer, _ min: TLSVersion?, _ max: TLSVersion?) throws {
        // TLS 1.2 is the floor: nothing older is worth checking for a mesh migration.
        let low = min ?? .tls12
        guard mc_SSL_CTX_set_min_proto_version(ctx, low.wireValue) == 1,
              mc_SSL_CTX_set_max_proto_version(ctx, max?.wireValue ?? 0) == 1 else {
            throw TLSSetupError(message: "cannot set TLS versions", openSSL: .drain("SSL_CTX_set_min_proto_version"))
        }
    }

    private static func useIdentity(_ ctx: OpaquePointer, certificateFile: String, keyFile: String) throws {
        if SSL_CTX_use_certificate_chain_file(ctx, certificateFile) != 1 {
            throw TLSSetupError(message: "cannot load certificate file '\(certificateFile)' (PEM chain, leaf first)",
                                openSSL: .drain("SSL_CTX_use_certificate_chain_file"))
        }
        if SSL_CTX_use_PrivateKey_file(ctx, keyFile, SSL_FILETYPE_PEM) != 1 {
            throw TLSSetupError(message: "cannot load private key file '\(keyFile)' (unencrypted PEM expected)",
                                openSSL: .drain("SSL_CTX_use_PrivateKey_file"))
        }
        if SSL_CTX_check_private_key(ctx) != 1 {
            throw TLSSetupError(message: "private key '\(keyFile)' does not match certificate '\(certificateFile)'",
                                openSSL: .drain("SSL_CTX_check_private_key"))
        }
    }
}

extension TLSVersion {
    var wireValue: Int32 {
        switch self {
        case .tls12: return mc_TLS1_2_VERSION()
        case .tls13: return mc_TLS1_3_VERSION()
        }
    }
}
