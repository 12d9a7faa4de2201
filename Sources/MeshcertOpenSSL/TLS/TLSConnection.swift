internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// Owns one `SSL` object bound to a caller-owned, non-blocking socket.
///
/// Not Sendable: an `SSL` and this thread's OpenSSL error queue belong to one thread. Every call
/// that can fail drains the queue before returning.
public final class TLSConnection {
    /// What one non-blocking step needs next.
    public enum Step: Equatable {
        case done
        case wantRead
        case wantWrite
        /// The peer closed the TLS session cleanly (close_notify).
        case closed
        case failed(TLSFailure)
    }

    let ssl: OpaquePointer  // internal: TLSConnection+Verification re-judges its chain
    private let trace: UnsafeMutablePointer<mc_tls_trace>
    private let presentsClientCertificate: Bool
    private let context: TLSContext  // keeps the SSL_CTX alive as long as the SSL

    /// A client connection. `serverName` is sent as SNI and verified against the certificate;
    /// `ipAddress` (no SNI) is checked against the certificate's IP SANs instead.
    public convenience init(client context: TLSContext, socket fd: Int32, serverName: String?, ipAddress: String?,
                            presentsClientCertificate: Bool) throws {
        try self.init(context: context, socket: fd, presentsClientCertificate: presentsClientCertificate)
        if let name = serverName {
            guard mc_SSL_set_tlsext_host_name(ssl, name) == 1, SSL_set1_host(ssl, name) == 1 else {
                throw TLSSetupError(message: "invalid server name '\(name)'", openSSL: .drain("SSL_set1_host"))
            }
        } else if let ip = ipAddress {
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), ip) == 1 else {
                throw TLSSetupError(message: "invalid IP address '\(ip)'", openSSL: .drain("X509_VERIFY_PARAM_set1_ip_asc"))
            }
        }
        // Ask for a stapled OCSP response (status_request): `ocspStapled` reports whether one came.
        _ = mc_SSL_request_ocsp_status(ssl)
        SSL_set_connect_state(ssl)
    }

    /// A server connection (the lab's loopback servers).
    public convenience init(server context: TLSContext, socket fd: Int32) throws {
        try self.init(context: context, socket: fd, presentsClientCertificate: false)
        SSL_set_accept_state(ssl)
    }

    /// What both sides share: the `SSL`, its handshake trace, the socket. Every stored property
    /// is set before the first throw, so `deinit` frees the `SSL` and the trace on every path.
    private init(context: TLSContext, socket fd: Int32, presentsClientCertificate: Bool) throws {
        guard let ssl = SSL_new(context.pointer) else {
            throw TLSSetupError(message: "cannot create a TLS connection", openSSL: .drain("SSL_new"))
        }
        self.ssl = ssl
        self.context = context
        self.presentsClientCertificate = presentsClientCertificate
        trace = .allocate(capacity: 1)
        mc_tls_trace_reset(trace)
        mc_SSL_set_trace(ssl, trace)
        guard SSL_set_fd(ssl, fd) == 1 else {
            throw TLSSetupError(message: "cannot attach socket", openSSL: .drain("SSL_set_fd"))
        }
    }

    deinit {
        SSL_free(ssl)
        trace.deallocate()
    }

    /// One step of the handshake (`SSL_do_handshake`), either side.
    public func handshakeStep() -> Step {
        ERR_clear_error()
        let rc = SSL_do_handshake(ssl)
        return rc == 1 ? .done : classify(rc, during: "handshake")
    }

    /// One read after the handshake; application data is read and discarded (returns `.done`).
    /// Post-handshake messages (session tickets, alerts) are processed by OpenSSL here.
    public func readStep() -> Step {
        ERR_clear_error()
        // A stack buffer: this runs once or twice per handshake, thousands of times under --repeat.
        let rc = withUnsafeTemporaryAllocation(byteCount: 4096, alignment: 16) { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
        return rc > 0 ? .done : classify(rc, during: "read")
    }

    /// One read after the handshake that keeps what arrived: application data is appended to
    /// `received` (at most `limit` bytes in all; more is read and dropped) and returns `.done`.
    public func readStep(into received: inout [UInt8], limit: Int) -> Step {
        ERR_clear_error()
        let rc = withUnsafeTemporaryAllocation(byteCount: 4096, alignment: 16) { buffer -> Int32 in
            let n = SSL_read(ssl, buffer.baseAddress, Int32(buffer.count))
            if n > 0 {
                let room = max(0, limit - received.count)
                received.append(contentsOf: UnsafeRawBufferPointer(start: buffer.baseAddress, count: min(Int(n), room)))
            }
            return n
        }
        return rc > 0 ? .done : classify(rc, during: "read")
    }

    /// Writes all of `bytes` or reports what is needed to go on (small messages only).
    public func writeStep(_ bytes: [UInt8]) -> Step {
        ERR_clear_error()
        let rc = bytes.withUnsafeBufferPointer { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
        return rc > 0 ? .done : classify(rc, during: "write")
    }

    /// Sends close_notify without waiting for the peer's (best effort, never blocks). Reading
    /// may go on afterwards (a half-close). Once sent, further calls do nothing (a second
    /// `SSL_shutdown` would try to read the peer's close_notify).
    public func shutdown() {
        guard SSL_get_shutdown(ssl) & SSL_SENT_SHUTDOWN == 0 else { return }
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }

    // MARK: what was negotiated and seen

    public var sawCertificateRequest: Bool { trace.pointee.certificate_request != 0 }
    public var sawSessionTicket: Bool { trace.pointee.session_ticket != 0 }
    public var sawAnyRecord: Bool { trace.pointee.records_received > 0 }

    /// "TLSv1.3", "TLSv1.2" once negotiated (a ServerHello arrived), even if the handshake failed later.
    public var protocolVersion: String? {
        guard SSL_is_init_finished(ssl) == 1 || trace.pointee.server_hello != 0 else { return nil }
        return String(cString: SSL_get_version(ssl))
    }

    public var isTLS13: Bool { SSL_version(ssl) == mc_TLS1_3_VERSION() }

    /// IANA name of the negotiated cipher suite (`TLS_AES_128_GCM_SHA256`).
    public var cipher: String? {
        guard let c = SSL_get_current_cipher(ssl), let name = SSL_CIPHER_standard_name(c) else { return nil }
        return String(cString: name)
    }

    /// The key exchange group (`x25519`, `secp256r1`), nil when none was negotiated.
    public var group: String? {
        // OpenSSL 3.0 reads the session here without checking it: with no session (the
        // handshake never started, e.g. no protocol version was left to offer) it crashes.
        guard SSL_get_session(ssl) != nil else { return nil }
        let nid = mc_SSL_get_negotiated_group(ssl)
        guard nid != 0, let name = SSL_group_to_name(ssl, nid) else { return nil }
        return String(cString: name)
    }

    /// Every certificate the peer sent, leaf first (what it sent, not what we could verify).
    /// Each entry is an up-ref'd `X509Certificate`, so the summary outlives this connection.
    public var peerChain: [TLSPeerCertificate] { sentCertificates.map(TLSPeerCertificate.init) }

    /// The sent chain, what OpenSSL built from it, how the sent certificates link, the verify
    /// result and OCSP stapling: everything the chain diagnosis needs, read from memory only.
    public var peerChainDetails: TLSPeerChain {
        let sent = sentCertificates
        var built: [X509Certificate] = []
        if let chain = SSL_get0_verified_chain(ssl) {
            for i in 0..<min(Int(mc_sk_X509_num(chain)), 16) {
                if let cert = mc_sk_X509_value(chain, Int32(i)) { built.append(X509Certificate(retaining: cert)) }
            }
        }
        let issuerPosition: [Int?] = sent.indices.map { i in
            sent.indices.first { j in j != i && sent[i].issuerNameMatches(subjectOf: sent[j]) && sent[i].isSigned(by: sent[j]) }
        }
        let stapled = mc_SSL_stapled_ocsp_length(ssl) > 0
        OpenSSLErrorQueue.clear()
        return TLSPeerChain(sent: sent.map(TLSPeerCertificate.init), built: built.map(TLSPeerCertificate.init),
                            issuerPosition: issuerPosition, verifyError: Int(SSL_get_verify_result(ssl)), ocspStapled: stapled)
    }

    private var sentCertificates: [X509Certificate] {
        var certificates: [X509Certificate] = []
        if let chain = SSL_get_peer_cert_chain(ssl) {
            for i in 0..<min(Int(mc_sk_X509_num(chain)), 16) {
                if let cert = mc_sk_X509_value(chain, Int32(i)) { certificates.append(X509Certificate(retaining: cert)) }
            }
        } else if let leaf = SSL_get0_peer_certificate(ssl) {
            certificates.append(X509Certificate(retaining: leaf))
        }
        return certificates
    }

    /// The key of the peer's leaf certificate ("EC" P-256, "RSA" 2048...).
    public var peerKey: TLSPeerKey? {
        guard let leaf = SSL_get0_peer_certificate(ssl) else { return nil }
        guard let pkey = X509_get0_pubkey(leaf) else { ERR_clear_error(); return nil }
        let key = PublicKeyDescription.describe(pkey)
        return TLSPeerKey(algorithm: key.type, bits: key.bits, curve: key.curve)
    }

    // MARK: diagnosis

    private func classify(_ rc: Int32, during phase: String) -> Step {
        let code = SSL_get_error(ssl, rc)
        let savedErrno = errno
        switch code {
        case SSL_ERROR_WANT_READ:
            return .wantRead
        case SSL_ERROR_WANT_WRITE:
            return .wantWrite
        case SSL_ERROR_ZERO_RETURN:
            return .closed
        default:
            let queue = OpenSSLError.drain(phase == "handshake" ? "SSL_do_handshake" : "SSL_\(phase)")
            return .failed(diagnose(queue: queue, sslError: code, errno: savedErrno, phase: phase))
        }
    }

    private func diagnose(queue: OpenSSLError, sslError: Int32, errno savedErrno: Int32, phase: String) -> TLSFailure {
        let t = trace.pointee
        // A first record whose type byte is not a TLS content type (20...24): plaintext peer.
        if t.records_received > 0, !(20...24).contains(t.first_record_type) {
            return TLSFailure(kind: .notTLS, detail: "the peer does not speak TLS: its first bytes are not a TLS record"
                + " (first byte 0x\(String(t.first_record_type, radix: 16)))" + Self.words(queue))
        }
        let reasons = queue.codes.map { OpenSSLErrorQueue.reasonCode($0) }
        let verify = SSL_get_verify_result(ssl)
        if verify != Int(X509_V_OK) {
            let text = String(cString: X509_verify_cert_error_string(verify))
            let detail = "certificate verify failed: \(text) [\(VerifyErrorName.name(of: Int32(verify)))]"
            switch Int32(verify) {
            case X509_V_ERR_CERT_HAS_EXPIRED: return TLSFailure(kind: .expired, detail: detail)
            case X509_V_ERR_CERT_NOT_YET_VALID: return TLSFailure(kind: .notYetValid, detail: detail)
            case X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH, X509_V_ERR_EMAIL_MISMATCH:
                return TLSFailure(kind: .hostnameMismatch, detail: detail)
            case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
                 X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN,
                 X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, X509_V_ERR_CERT_UNTRUSTED,
                 X509_V_ERR_CERT_SIGNATURE_FAILURE, X509_V_ERR_CERT_REJECTED:
                return TLSFailure(kind: .untrusted, detail: detail)
            default:
                return TLSFailure(kind: .other, detail: detail)
            }
        }
        if t.alert_received == 116 /* certificate_required */ {
            return TLSFailure(kind: .clientCertificateRequired,
                              detail: "the server requires a client certificate" + Self.words(queue))
        }
        if t.certificate_request != 0, !presentsClientCertificate,
           t.alert_received == 40 /* handshake_failure */ || t.alert_received == 42 /* bad_certificate */ {
            return TLSFailure(kind: .clientCertificateRequired,
                              detail: "the server asked for a client certificate and failed the handshake without one" + Self.words(queue))
        }
        if t.alert_received == 70 /* protocol_version */ || reasons.contains(where: {
            [SSL_R_UNSUPPORTED_PROTOCOL, SSL_R_NO_PROTOCOLS_AVAILABLE, SSL_R_TLSV1_ALERT_PROTOCOL_VERSION,
             SSL_R_VERSION_TOO_LOW, SSL_R_VERSION_TOO_HIGH].contains($0)
        }) {
            return TLSFailure(kind: .protocolMismatch, detail: "no TLS version both sides accept" + Self.words(queue))
        }
        // Only when no record header was traced: a TLS-typed record with a bad length is a broken
        // (or hostile) TLS peer, not a plaintext one.
        if t.records_received == 0 && reasons.contains(where: { [SSL_R_WRONG_VERSION_NUMBER, SSL_R_HTTP_REQUEST,
                                      SSL_R_HTTPS_PROXY_REQUEST, SSL_R_PACKET_LENGTH_TOO_LONG].contains($0) }) && t.alert_received < 0 {
            return TLSFailure(kind: .notTLS, detail: "the peer does not speak TLS" + Self.words(queue))
        }
        if t.certificate_request != 0, presentsClientCertificate, t.alert_received >= 0 {
            let alert = String(cString: SSL_alert_desc_string_long(Int32(t.alert_received)))
            return TLSFailure(kind: .clientCertificateRejected,
                              detail: "the server rejected the client certificate (alert: \(alert))" + Self.words(queue))
        }
        if sslError == SSL_ERROR_SYSCALL || reasons.contains(SSL_R_UNEXPECTED_EOF_WHILE_READING) {
            let what: String
            if sslError == SSL_ERROR_SYSCALL && savedErrno != 0 && savedErrno != EAGAIN {
                what = "socket error during the \(phase): " + String(cString: strerror(savedErrno))
            } else {
                what = "the peer closed the connection during the \(phase) without a TLS alert"
            }
            return TLSFailure(kind: .other, detail: what + Self.words(queue))
        }
        if t.alert_received >= 0 {
            let alert = String(cString: SSL_alert_desc_string_long(Int32(t.alert_received)))
            return TLSFailure(kind: .other, detail: "the server sent alert \"\(alert)\"" + Self.words(queue))
        }
        return TLSFailure(kind: .other, detail: queue.messages.isEmpty ? "TLS \(phase) failed" : queue.messages.joined(separator: "; "))
    }

    /// OpenSSL's own words appended to a detail: "; OpenSSL: error:0A00045C:...".
    private static func words(_ queue: OpenSSLError) -> String {
        queue.messages.isEmpty ? "" : " (OpenSSL: " + queue.messages.joined(separator: "; ") + ")"
    }
}
