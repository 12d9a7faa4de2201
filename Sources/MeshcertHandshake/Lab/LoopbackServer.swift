import Foundation
import MeshcertOpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// An in-process TLS server on 127.0.0.1: an accept thread plus one short-lived thread per
/// connection (handshake within a deadline, a one-line greeting, close_notify). Real OpenSSL
/// on real sockets, off the Swift concurrency pool.
public final class LoopbackServer: @unchecked Sendable {
    public let port: UInt16
    public let greeting: String
    private let listener: Int32
    // Guarded by `lock`: the context new connections use (`use(_:)` swaps it when the lab
    // rotates certificates), and the flag that stops the accept loop.
    private let lock = NSLock()
    private var context: TLSContext
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)

    /// Binds 127.0.0.1:`port` (0 = any free port) and starts accepting.
    public init(context: TLSContext, port: UInt16 = 0, greeting: String) throws {
        BrokenPipe.ignored
        self.context = context
        self.greeting = greeting
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TLSSetupError(message: "socket: " + String(cString: strerror(errno)), openSSL: nil) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = port.bigEndian
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, len) == 0 && listen(fd, 128) == 0 && getsockname(fd, $0, &len) == 0
            }
        }
        guard ok else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw TLSSetupError(message: "cannot listen on 127.0.0.1:\(port): \(reason)", openSSL: nil)
        }
        listener = fd
        self.port = UInt16(bigEndian: addr.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "meshcert-lab-accept"
        thread.start()
    }

    /// Stops accepting and waits for the accept thread; connections in progress finish alone.
    public func stop() {
        lock.lock()
        let already = stopped
        stopped = true
        lock.unlock()
        if !already { finished.wait() }
    }

    deinit { close(listener) }

    /// Serves new connections with `context` (a re-issued certificate); connections in
    /// progress keep the one they started with.
    public func use(_ context: TLSContext) {
        lock.lock()
        self.context = context
        lock.unlock()
    }

    private var currentContext: TLSContext { lock.lock(); defer { lock.unlock() }; return context }

    private var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

    private func acceptLoop() {
        while !isStopped {
            var p = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 100) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            let context = currentContext, greeting = self.greeting
            let worker = Thread { LoopbackServer.serve(client, context: context, greeting: greeting) }
            worker.name = "meshcert-lab-conn"
            worker.stackSize = 1 << 20
            worker.start()
        }
        finished.signal()
    }

    private static func serve(_ fd: Int32, context: TLSContext, greeting: String) {
        defer { close(fd) }
        guard let connection = try? TLSConnection(server: context, socket: fd) else { return }
        let deadline = MonotonicClock.now() + 10
        while true {
            let step = connection.handshakeStep()
            switch step {
            case .done:
                // Best effort, bounded: the client may already have gone (it reads only until tickets).
                let bytes = Array(greeting.utf8)
                for _ in 0..<20 {
                    let write = connection.writeStep(bytes)
                    guard write == .wantWrite || write == .wantRead else { break }
                    let events = Int16(write == .wantWrite ? POLLOUT : POLLIN)
                    _ = TCPConnector.wait(fd, events: events, until: MonotonicClock.now() + 0.2)
                }
                connection.shutdown()
                return
            case .wantRead, .wantWrite:
                if !TCPConnector.wait(fd, events: Int16(step == .wantRead ? POLLIN : POLLOUT), until: deadline) { return }
            case .closed, .failed:
                return
            }
        }
    }
}
