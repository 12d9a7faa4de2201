import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Resolves and connects a non-blocking TCP socket within a deadline. Runs on the calling
/// (dedicated) thread; the only blocking call is `poll`, bounded by the deadline.
enum TCPConnector {
    enum Failure: Error {
        case dns(String)
        case refused(String)
        case timeout(String)
        case other(String)
    }

    typealias Addresses = [(family: Int32, address: [UInt8])]

    static func resolve(_ host: String, port: UInt16) -> Result<Addresses, Failure> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            return .failure(.dns("cannot resolve '\(host)': " + String(cString: gai_strerror(rc))))
        }
        defer { freeaddrinfo(list) }
        var out: [(Int32, [UInt8])] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let n = node {
            if let addr = n.pointee.ai_addr {
                let bytes = UnsafeRawBufferPointer(start: addr, count: Int(n.pointee.ai_addrlen))
                out.append((n.pointee.ai_family, Array(bytes)))
            }
            node = n.pointee.ai_next
        }
        return out.isEmpty ? .failure(.dns("'\(host)' has no address")) : .success(out)
    }

    /// A connected non-blocking socket (caller closes it) or why there is none.
    static func connect(_ target: Target, deadline: Double, timeoutText: String) -> Result<Int32, Failure> {
        let addresses: [(family: Int32, address: [UInt8])]
        switch ResolverCache.shared.addresses(target) {
        case .success(let a): addresses = a
        case .failure(let f): return .failure(f)
        }
        var last: Failure = .other("no address to connect to")
        for entry in addresses {
            let fd = socket(entry.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { last = .other("socket: " + String(cString: strerror(errno))); continue }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let rc = entry.address.withUnsafeBytes {
                Glibc.connect(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(entry.address.count))
            }
            if rc == 0 { return .success(fd) }
            if errno != EINPROGRESS {
                last = describe(errno, target)
                close(fd)
                continue
            }
            switch wait(fd, events: Int16(POLLOUT), until: deadline) {
            case false:
                close(fd)
                return .failure(.timeout("no TCP connection to \(target) within the connect deadline (\(timeoutText))"))
            case true:
                var err: Int32 = 0
                var len = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)
                if err == 0 { return .success(fd) }
                last = describe(err, target)
                close(fd)
            }
        }
        return .failure(last)
    }

    private static func describe(_ code: Int32, _ target: Target) -> Failure {
        let text = String(cString: strerror(code))
        if code == ECONNREFUSED { return .refused("connection to \(target) refused (\(text)): nothing listens there") }
        if code == ETIMEDOUT { return .timeout("TCP connect to \(target) timed out (\(text))") }
        return .other("TCP connect to \(target) failed: \(text)")
    }

    /// Waits for `events` on `fd` until the monotonic `deadline`; false when the deadline passed.
    /// Error and hang-up conditions count as ready: the next I/O call reports them.
    static func wait(_ fd: Int32, events: Int16, until deadline: Double) -> Bool {
        while true {
            let remaining = deadline - MonotonicClock.now()
            if remaining <= 0 { return false }
            var p = pollfd(fd: fd, events: events, revents: 0)
            let rc = poll(&p, 1, Int32(min(remaining * 1000, Double(Int32.max)).rounded(.up)))
            if rc > 0 { return true }
            if rc < 0 && errno != EINTR { return true }
        }
    }
}

/// Each HOST:PORT is resolved once per run (a `--repeat 1000` run must not ask the resolver a
/// thousand times, and every repetition must hit the same addresses). Guarded by `lock`.
final class ResolverCache: @unchecked Sendable {
    static let shared = ResolverCache()
    private let lock = NSLock()
    private var entries: [Target: Result<TCPConnector.Addresses, TCPConnector.Failure>] = [:]

    func addresses(_ target: Target) -> Result<TCPConnector.Addresses, TCPConnector.Failure> {
        lock.lock()
        if let known = entries[target] { lock.unlock(); return known }
        lock.unlock()
        // Resolved outside the lock: a slow name must not stall checks of other hosts.
        let fresh = TCPConnector.resolve(target.host, port: target.port)
        lock.lock()
        entries[target] = fresh
        lock.unlock()
        return fresh
    }
}
