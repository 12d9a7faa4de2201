import MeshcertOpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// What one connection attempt saw: the diagnosis plus everything negotiated up to the failure.
struct ProbeResult: Sendable {
    var reason: HandshakeReason = .ok
    var detail: String = ""
    var protocolVersion: String?
    var cipher: String?
    var group: String?
    var sawCertificateRequest = false
    var peerChain: [TLSPeerCertificate] = []
    var peerKey: TLSPeerKey?
    var connectMs: Double?
    var handshakeMs: Double?
    /// The post-handshake read (TLS 1.3), nil when there was none.
    var postHandshakeMs: Double?
    /// Everything the chain diagnosis needs (nil in `summaryOnly` repetitions that met the expectation).
    var chain: TLSPeerChain?
    /// The HTTP request after the handshake (`httpProbe`), nil when none was sent.
    var http: HTTPExchange?
    /// OpenSSL's verification result name; nil when no certificate was seen.
    var verifyCode: String?
    /// Why the strict profile rejects a chain this check's `compatible` handshake accepted.
    var strictFailure: String?
    /// With `--pedantic`: the checks beyond OpenSSL's that the chain fails (warnings).
    var pedantic: [PedanticFinding] = []
}

/// One real connection: TCP connect, TLS handshake, then the post-handshake read. Blocking in
/// style but every wait is a `poll` bounded by that phase's deadline; call it on a dedicated
/// thread, never on the Swift concurrency pool.
enum HandshakeProbe {
    /// `summaryOnly` (repetitions of `--repeat`) skips reading the peer chain when the result met
    /// the expectation: names and SHA-256 of every certificate are the costliest part of a report.
    static func run(_ check: HandshakeCheck, context: TLSContext, presentsClientCertificate: Bool,
                    summaryOnly: Bool = false) -> ProbeResult {
        var result = ProbeResult()
        let t0 = MonotonicClock.now()
        let fd: Int32
        switch TCPConnector.connect(check.target, deadline: t0 + check.timeouts.connect,
                                    timeoutText: seconds(check.timeouts.connect)) {
        case .success(let s): fd = s
        case .failure(let f):
            switch f {
            case .dns(let d): (result.reason, result.detail) = (.dnsFailure, d)
            case .refused(let d): (result.reason, result.detail) = (.connectionRefused, d)
            case .timeout(let d): (result.reason, result.detail) = (.timeout, d)
            case .other(let d): (result.reason, result.detail) = (.handshakeFailure, d)
            }
            return result
        }
        // `fd` is owned here and closed exactly once below: if the TLS object cannot be made, or
        // as soon as the exchange is over (every path of the handshake and read phases ends there).
        let t1 = MonotonicClock.now()
        result.connectMs = (t1 - t0) * 1000

        let connection: TLSConnection
        do {
            connection = try TLSConnection(client: context, socket: fd, serverName: check.effectiveServerName,
                                           ipAddress: check.verifiedIPAddress,
                                           presentsClientCertificate: presentsClientCertificate)
        } catch {
            close(fd)
            (result.reason, result.detail) = (.handshakeFailure, "\(error)")
            return result
        }

        // Phase 2: the handshake, bounded by its own deadline.
        let handshakeDeadline = t1 + check.timeouts.handshake
        var failure: (HandshakeReason, String)?
        handshake: while true {
            let step = connection.handshakeStep()
            switch step {
            case .done:
                break handshake
            case .wantRead, .wantWrite:
                let events = step == .wantRead ? Int16(POLLIN) : Int16(POLLOUT)
                if !TCPConnector.wait(fd, events: events, until: handshakeDeadline) {
                    failure = (.timeout, "no TLS handshake with \(check.target) within the handshake deadline ("
                               + seconds(check.timeouts.handshake) + ")"
                               + (connection.sawAnyRecord ? "" : ": the peer accepted TCP but sent nothing"))
                    break handshake
                }
            case .closed:
                failure = (.handshakeFailure, "the peer closed the TLS session during the handshake")
                break handshake
            case .failed(let f):
                failure = map(f)
                break handshake
            }
        }
        let t2 = MonotonicClock.now()
        result.handshakeMs = (t2 - t1) * 1000

        // Phase 3 (TLS 1.3 only): read until the server's post-handshake flight arrived. A server
        // that requires a client certificate lets SSL_connect succeed and fails the connection
        // only now, with a "certificate required" alert.
        let readsPostHandshake = failure == nil && connection.isTLS13 && check.httpProbe == nil
        // When the server asked for a certificate and we sent none, its hanging up is the
        // evidence that it requires one (some servers close without an alert): then we must not
        // invite a hang-up by closing first.
        let hangUpIsEvidence = connection.sawCertificateRequest && !presentsClientCertificate
        if readsPostHandshake {
            if !hangUpIsEvidence {
                // close_notify and a TCP FIN first (a half-close: reading goes on). The server
                // processes our Finished before them, so its verdict (tickets or alert) is
                // unchanged, but it learns at once that we send nothing more: it can close right
                // after its flight instead of waiting for another packet from us (s_server waits
                // for the client's close), and a server that sends no tickets ends the read by
                // closing instead of letting it run to the read deadline. Bytes the server sends
                // before it closes are still delivered to us, even if it then resets.
                connection.shutdown()
                _ = Glibc.shutdown(fd, Int32(SHUT_WR))
            }
            let readDeadline = t2 + check.timeouts.read
            reading: while !connection.sawSessionTicket {
                let step = connection.readStep()
                switch step {
                case .done, .closed:
                    break reading
                case .wantRead, .wantWrite:
                    if connection.sawSessionTicket { break reading }
                    let events = step == .wantRead ? Int16(POLLIN) : Int16(POLLOUT)
                    // An idle server after a complete handshake is not a failure.
                    if !TCPConnector.wait(fd, events: events, until: readDeadline) { break reading }
                case .failed(let f):
                    let mapped = map(f)
                    if mapped.0 == .handshakeFailure && peerHungUp(f) {
                        // EOF or reset after the handshake: only telling when we were asked for a
                        // certificate and sent none; else it answers our own close, and the
                        // handshake itself was sound.
                        if hangUpIsEvidence {
                            failure = (.clientCertificateRequired, "the server asked for a client certificate and closed"
                                       + " the connection after the handshake without one")
                        }
                    } else {
                        failure = mapped
                    }
                    break reading
                }
            }
        }

        if failure == nil, let path = check.httpProbe {
            // Phase 3 with --http-probe: one request, and the answer (any TLS 1.3 post-handshake
            // verdict of the server arrives on the same reads).
            let exchange = exchangeHTTP(connection, fd: fd, check: check, path: path, hangUpIsEvidence: hangUpIsEvidence, since: t2)
            result.http = exchange.http
            failure = exchange.failure
            result.postHandshakeMs = (MonotonicClock.now() - t2) * 1000
        }
        if readsPostHandshake { result.postHandshakeMs = (MonotonicClock.now() - t2) * 1000 }

        // The exchange is over: hang up before building the result, so a server waiting for our
        // close (s_server does) is not kept waiting while we do. From here on only what OpenSSL
        // holds in memory is read; no I/O on a descriptor another thread may already have reused.
        connection.shutdown()
        close(fd)

        result.protocolVersion = connection.protocolVersion
        result.cipher = connection.cipher
        result.group = connection.group
        result.sawCertificateRequest = connection.sawCertificateRequest
        result.peerKey = connection.peerKey
        result.verifyCode = connection.verifyResultName
        if failure == nil, !summaryOnly, check.client.policy.profile == .compatible,
           let strict = connection.verdict(under: check.client.policy.asStrict, at: check.client.verificationTime,
                                           purpose: .server, name: check.peerName), !strict.verified {
            result.strictFailure = "\(strict.reason ?? "rejected") [\(strict.code)]"
        }
        if failure == nil, !summaryOnly, check.client.policy.pedantic {
            result.pedantic = connection.verdict(under: check.client.policy, at: check.client.verificationTime,
                                                 purpose: .server, name: check.peerName)?.pedantic ?? []
        }
        if let failure {
            (result.reason, result.detail) = failure
        }
        // The chain is read in full unless a repetition met its expectation; `untrusted` always,
        // since the diagnosis may make it `incomplete_chain`.
        if !summaryOnly || result.reason != check.expect || result.reason == .untrusted {
            let chain = connection.peerChainDetails
            result.chain = chain
            result.peerChain = chain.sent
        }
        return result
    }

    /// Sends `GET path` and reads the answer until the server closes, the answer is complete, or
    /// the deadline (the longer of the read and handshake deadlines) passes.
    static func exchangeHTTP(_ connection: TLSConnection, fd: Int32, check: HandshakeCheck, path: String, hangUpIsEvidence: Bool,
                             since start: Double) -> (http: HTTPExchange, failure: (HandshakeReason, String)?) {
        let deadline = start + max(check.timeouts.read, check.timeouts.handshake)
        let request = HTTPProbe.request(path: path, host: check.effectiveServerName ?? check.target.host)
        var failure: (HandshakeReason, String)?
        var received: [UInt8] = []
        func hangUp(_ f: TLSFailure) {
            let mapped = map(f)
            if mapped.0 == .handshakeFailure && peerHungUp(f) {
                if hangUpIsEvidence && received.isEmpty {
                    failure = (.clientCertificateRequired, "the server asked for a client certificate and closed"
                               + " the connection after the handshake without one (no HTTP answer)")
                }
            } else {
                failure = mapped
            }
        }
        writing: while true {
            let step = connection.writeStep(request)
            switch step {
            case .done, .closed: break writing
            case .wantRead, .wantWrite:
                if !TCPConnector.wait(fd, events: step == .wantRead ? Int16(POLLIN) : Int16(POLLOUT), until: deadline) { break writing }
            case .failed(let f):
                hangUp(f)
                break writing
            }
        }
        if failure == nil {
            reading: while received.count < HTTPProbe.responseLimit && !HTTPProbe.isComplete(received) {
                let step = connection.readStep(into: &received, limit: HTTPProbe.responseLimit)
                switch step {
                case .done: continue
                case .closed: break reading
                case .wantRead, .wantWrite:
                    if !TCPConnector.wait(fd, events: step == .wantRead ? Int16(POLLIN) : Int16(POLLOUT), until: deadline) { break reading }
                case .failed(let f):
                    hangUp(f)
                    break reading
                }
            }
        }
        return (HTTPProbe.parse(received, path: path), failure)
    }

    /// The peer closed (FIN without close_notify) or reset the connection.
    static func peerHungUp(_ f: TLSFailure) -> Bool {
        f.detail.contains("closed the connection") || f.detail.contains(String(cString: strerror(ECONNRESET)))
    }

    static func map(_ f: TLSFailure) -> (HandshakeReason, String) {
        let reason: HandshakeReason
        switch f.kind {
        case .expired: reason = .expired
        case .notYetValid: reason = .notYetValid
        case .untrusted: reason = .untrusted
        case .hostnameMismatch: reason = .hostnameMismatch
        case .clientCertificateRequired: reason = .clientCertificateRequired
        case .clientCertificateRejected: reason = .clientCertificateRejected
        case .protocolMismatch: reason = .protocolMismatch
        case .notTLS: reason = .notTLS
        case .other: reason = .handshakeFailure
        }
        return (reason, f.detail)
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s))s" : "\(Int((s * 1000).rounded()))ms"
    }
}
