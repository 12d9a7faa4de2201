import Foundation
import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP listener in the test process that hands every accepted connection to a
/// behaviour on its own thread (blocking socket). The hostile peers of HostileServerTests are
/// all built on it: raw bytes, or a real OpenSSL server that misbehaves after its handshake.
/// The listener owns every accepted socket: a behaviour never closes it, it returns and the
/// listener closes it under its lock. (When behaviours closed their own sockets, `stop()` could
/// shut down a descriptor number already reused elsewhere in the test process, such as another
/// suite's listening socket, which then refused connections.)
final class HostileListener: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    // Guarded by `lock`.
    private let lock = NSLock()
    private var stopped = false
    private var connections: Set<Int32> = []
    private let finished = DispatchSemaphore(value: 0)

    init(_ behaviour: @escaping @Sendable (Int32, HostileListener) -> Void) throws {
        signal(SIGPIPE, SIG_IGN)  // the peer may be gone while we write
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, len) == 0 && listen(fd, 64) == 0 && getsockname(fd, $0, &len) == 0
            }
        }
        guard fd >= 0, ok else { close(fd); throw CocoaError(.fileWriteUnknown) }
        listener = fd
        port = UInt16(bigEndian: addr.sin_port)
        let thread = Thread { [self] in
            while !isStopped {
                var p = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
                guard poll(&p, 1, 100) > 0 else { continue }
                let client = accept(listener, nil, nil)
                guard client >= 0 else { continue }
                lock.lock(); connections.insert(client); lock.unlock()
                let worker = Thread { behaviour(client, self); self.release(client) }
                worker.stackSize = 1 << 20
                worker.start()
            }
            finished.signal()
        }
        thread.start()
    }

    var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

    /// Stops accepting and shuts every accepted socket down, which unblocks the behaviours.
    func stop() {
        lock.lock()
        let already = stopped
        stopped = true
        lock.unlock()
        guard !already else { return }
        finished.wait()
        lock.lock()
        for fd in connections { shutdown(fd, Int32(SHUT_RDWR)) }
        lock.unlock()
        close(listener)
    }

    /// Closes a connection once its behaviour has returned.
    private func release(_ fd: Int32) {
        lock.lock(); defer { lock.unlock() }
        connections.remove(fd)
        close(fd)
    }

    /// Sleeps in short steps until `seconds` passed or the listener stopped.
    func idle(_ seconds: Double) {
        let end = Date().addingTimeInterval(seconds)
        while !isStopped && Date() < end { usleep(50_000) }
    }

    // MARK: raw behaviours

    /// Accepts TCP and never sends a byte (holds the socket for up to a minute).
    static let silent: @Sendable (Int32, HostileListener) -> Void = { fd, server in
        server.idle(60)
    }

    /// Slowloris: the start of a TLS ServerHello record, one byte per second, for up to a minute.
    static let slowloris: @Sendable (Int32, HostileListener) -> Void = { fd, server in
        let bytes: [UInt8] = [0x16, 0x03, 0x03, 0x00, 0x7a, 0x02, 0x00, 0x00, 0x76, 0x03, 0x03] + Array(repeating: 0x41, count: 60)
        for byte in bytes where !server.isStopped {
            var b = byte
            guard write(fd, &b, 1) == 1 else { break }
            server.idle(1)
        }
    }

    /// Answers the ClientHello as a plaintext HTTP server would.
    static let http: @Sendable (Int32, HostileListener) -> Void = { fd, _ in
        var buffer = [UInt8](repeating: 0, count: 4096)
        _ = read(fd, &buffer, buffer.count)
        let answer = Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
        _ = answer.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) }
    }

    /// Reads the ClientHello, then resets the connection (SO_LINGER 0).
    static let reset: @Sendable (Int32, HostileListener) -> Void = { fd, _ in
        var buffer = [UInt8](repeating: 0, count: 4096)
        _ = read(fd, &buffer, buffer.count)
        armReset(fd)
    }

    /// SO_LINGER 0: the listener's close of this socket sends a reset instead of a FIN.
    static func armReset(_ fd: Int32) {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    }
}

/// A real OpenSSL server (in the test process) that completes the handshake and then misbehaves.
/// Owns its `SSL_CTX`; every `SSL` is created and freed on its connection's thread.
final class MisbehavingTLSServer: @unchecked Sendable {
    enum Behaviour: Sendable, Equatable {
        /// TLS 1.3 KeyUpdate messages in a loop (no session tickets, so the client keeps reading).
        case keyUpdateStorm
        /// TLS 1.2 HelloRequest (server-initiated renegotiation) in a loop.
        case renegotiationStorm
        /// Closes the TCP connection as soon as the handshake is done (no tickets, no close_notify).
        case closeAfterHandshake
        /// The same, with a reset instead of a FIN.
        case resetAfterHandshake
        /// Asks for a client certificate but does not require one (TLS 1.3, no tickets), then
        /// reads until the client closes and closes too (a FIN, or a reset when `reset`).
        case optionalClientCertificate(reset: Bool)
    }

    private let context: OpaquePointer
    private var listener: HostileListener!
    private let counter = NSLock()
    private var sent = 0
    /// How long a storm lasts at most: bounds a client that would never stop reading.
    static let stormSeconds = 30.0

    var port: UInt16 { listener.port }
    /// KeyUpdates or HelloRequests sent so far (all connections).
    var messagesSent: Int { counter.lock(); defer { counter.unlock() }; return sent }

    init(_ behaviour: Behaviour, certificateChainFile: String, keyFile: String) throws {
        guard let ctx = SSL_CTX_new(TLS_server_method()) else { throw CocoaError(.fileReadUnknown) }
        context = ctx
        guard SSL_CTX_use_certificate_chain_file(ctx, certificateChainFile) == 1,
              SSL_CTX_use_PrivateKey_file(ctx, keyFile, SSL_FILETYPE_PEM) == 1 else {
            ERR_clear_error()
            throw CocoaError(.fileReadCorruptFile)
        }
        _ = SSL_CTX_set_num_tickets(ctx, 0)
        if behaviour == .renegotiationStorm {
            _ = mc_SSL_CTX_set_max_proto_version(ctx, mc_TLS1_2_VERSION())
        } else {
            _ = mc_SSL_CTX_set_min_proto_version(ctx, mc_TLS1_3_VERSION())
        }
        listener = try HostileListener { [self] fd, server in serve(fd, behaviour, server) }
    }

    deinit { SSL_CTX_free(context) }

    func stop() { listener.stop() }

    private func serve(_ fd: Int32, _ behaviour: Behaviour, _ server: HostileListener) {
        // Returning hands the socket back to the listener, which closes it (after SSL_free: the
        // socket BIO of SSL_set_fd never closes its descriptor).
        guard let ssl = SSL_new(context) else { return }
        defer { SSL_free(ssl); ERR_clear_error() }
        SSL_set_fd(ssl, fd)
        if case .optionalClientCertificate = behaviour { SSL_set_verify(ssl, SSL_VERIFY_PEER, nil) }
        guard SSL_accept(ssl) == 1 else { return }
        switch behaviour {
        case .optionalClientCertificate(let reset):
            var buffer = [UInt8](repeating: 0, count: 256)
            _ = SSL_read(ssl, &buffer, Int32(buffer.count))
            if reset { HostileListener.armReset(fd) }
        case .closeAfterHandshake:
            return
        case .resetAfterHandshake:
            HostileListener.armReset(fd)
        case .keyUpdateStorm, .renegotiationStorm:
            let end = Date().addingTimeInterval(Self.stormSeconds)
            while !server.isStopped && Date() < end {
                let queued = behaviour == .keyUpdateStorm
                    ? SSL_key_update(ssl, SSL_KEY_UPDATE_NOT_REQUESTED) : SSL_renegotiate(ssl)
                // Sends the message (blocking socket); fails once the client is gone.
                guard queued == 1, SSL_do_handshake(ssl) == 1 else { break }
                counter.lock(); sent += 1; counter.unlock()
                if behaviour == .renegotiationStorm { usleep(1_000) }
            }
        }
    }
}

/// A genuine chain of `length` certificates (leaf + `length - 1` CAs, each signing the next)
/// under a new self-signed root, written as PEM files; built in process with OpenSSL, fixed dates
/// (2026-01-01 to 2027-12-31). Each key and certificate is freed before the next is made.
enum LongChain {
    static func write(length: Int, leafName: String, to dir: URL) throws -> (chain: String, key: String, root: String) {
        let notBefore: time_t = 1_767_225_600, notAfter: time_t = 1_830_211_200
        func make(_ cn: String, key: OpaquePointer, issuerName: String, issuerKey: OpaquePointer, ca: Bool, serial: Int) throws -> OpaquePointer {
            guard let x = X509_new() else { throw CocoaError(.fileWriteUnknown) }
            X509_set_version(x, 2)
            ASN1_INTEGER_set(X509_get_serialNumber(x), serial)
            ASN1_TIME_set(X509_getm_notBefore(x), notBefore)
            ASN1_TIME_set(X509_getm_notAfter(x), notAfter)
            X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_UTF8, cn, -1, -1, 0)
            X509_NAME_add_entry_by_txt(X509_get_issuer_name(x), "CN", MBSTRING_UTF8, issuerName, -1, -1, 0)
            X509_set_pubkey(x, key)
            var ctx = X509V3_CTX()
            mc_X509V3_set_ctx_nodb(&ctx)
            X509V3_set_ctx(&ctx, nil, x, nil, nil, 0)
            let extensions = ca ? [(NID_basic_constraints, "critical,CA:TRUE")]
                                : [(NID_basic_constraints, "critical,CA:FALSE"), (NID_subject_alt_name, "DNS:" + cn)]
            for (nid, value) in extensions {
                guard let ext = X509V3_EXT_conf_nid(nil, &ctx, nid, value) else { X509_free(x); throw CocoaError(.fileWriteUnknown) }
                X509_add_ext(x, ext, -1)
                X509_EXTENSION_free(ext)
            }
            guard X509_sign(x, issuerKey, EVP_sha256()) > 0 else { X509_free(x); throw CocoaError(.fileWriteUnknown) }
            return x
        }
        func pem(_ x: OpaquePointer) -> String {
            guard let bio = BIO_new(BIO_s_mem()) else { return "" }
            defer { BIO_free(bio) }
            PEM_write_bio_X509(bio, x)
            var p: UnsafeMutablePointer<CChar>?
            let n = mc_BIO_get_mem_data(bio, &p)
            return p.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: n), as: UTF8.self) } ?? ""
        }
        guard var issuerKey = mc_EVP_EC_gen("P-256") else { throw CocoaError(.fileWriteUnknown) }
        var issuerName = "hostile root"
        let root = try make(issuerName, key: issuerKey, issuerName: issuerName, issuerKey: issuerKey, ca: true, serial: 1)
        let rootPEM = pem(root)
        X509_free(root)
        var chain: [String] = []
        for i in 1..<length {
            guard let key = mc_EVP_EC_gen("P-256") else { throw CocoaError(.fileWriteUnknown) }
            let name = "hostile ca \(i)"
            let x = try make(name, key: key, issuerName: issuerName, issuerKey: issuerKey, ca: true, serial: i + 1)
            chain.insert(pem(x), at: 0)
            X509_free(x)
            EVP_PKEY_free(issuerKey)
            (issuerKey, issuerName) = (key, name)
        }
        guard let leafKey = mc_EVP_EC_gen("P-256") else { throw CocoaError(.fileWriteUnknown) }
        defer { EVP_PKEY_free(leafKey) }
        let leaf = try make(leafName, key: leafKey, issuerName: issuerName, issuerKey: issuerKey, ca: false, serial: 1000)
        chain.insert(pem(leaf), at: 0)
        X509_free(leaf)
        EVP_PKEY_free(issuerKey)
        let keyPEM: String = {
            guard let bio = BIO_new(BIO_s_mem()) else { return "" }
            defer { BIO_free(bio) }
            PEM_write_bio_PrivateKey(bio, leafKey, nil, nil, 0, nil, nil)
            var p: UnsafeMutablePointer<CChar>?
            let n = mc_BIO_get_mem_data(bio, &p)
            return p.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: n), as: UTF8.self) } ?? ""
        }()
        let files = (chain: dir.appendingPathComponent("chain.pem"), key: dir.appendingPathComponent("leaf.key"),
                     root: dir.appendingPathComponent("root.pem"))
        try chain.joined().write(to: files.chain, atomically: true, encoding: .utf8)
        try keyPEM.write(to: files.key, atomically: true, encoding: .utf8)
        try rootPEM.write(to: files.root, atomically: true, encoding: .utf8)
        return (files.chain.path, files.key.path, files.root.path)
    }
}
