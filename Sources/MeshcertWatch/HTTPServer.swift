import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A request as the exporter's routes see it: method, path and decoded query parameters.
public struct HTTPRequestLine: Sendable {
    public var method: String
    public var path: String
    public var query: [String: String]
}

/// What a route answers; the connection stays open for the next request when the client asked
/// for keep-alive (HTTP/1.1's default), else it closes.
public struct HTTPReply: Sendable {
    public var status: Int
    public var contentType: String
    public var body: String

    public init(status: Int, contentType: String = "text/plain; charset=utf-8", body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// The exporter's HTTP/1.1 server on SwiftNIO: NIO's HTTP parser and event loop, and two
/// bounds of our own in front of the parser: the request line and headers together may not
/// exceed `maxHeadBytes` (431), and must arrive within `headTimeout` of its first byte
/// (slowloris: the connection is closed). A kept-alive connection waits `idleTimeout` for its
/// next request. Requests on one connection are answered in order (NIO's pipelining handler);
/// routes run off the event loop (a `/probe` blocks on a handshake), so a slow probe never
/// delays a scrape on another connection.
public final class WatchHTTPServer: @unchecked Sendable {
    public struct Limits: Sendable {
        public var maxHeadBytes = 8192
        public var headTimeout: TimeAmount = .seconds(10)
        /// How long a kept-alive connection may wait for its next request.
        public var idleTimeout: TimeAmount = .seconds(60)
        public var maxConnections = 64
        public init() {}
    }

    private let group: MultiThreadedEventLoopGroup
    private var channel: Channel?
    /// The port actually bound (for `:0`).
    public private(set) var port: Int = 0

    public init(host: String, port: Int, limits: Limits = Limits(), route: @escaping @Sendable (HTTPRequestLine) -> HTTPReply) throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let connections = ConnectionCount(limit: limits.maxConnections)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 128)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                guard connections.open() else { return channel.close() }
                channel.closeFuture.whenComplete { _ in connections.close() }
                return channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(HeadLimiter(maxBytes: limits.maxHeadBytes, timeout: limits.headTimeout, idle: limits.idleTimeout))
                    try sync.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: true)
                    try sync.addHandler(RouteHandler(route: route))
                }
            }
        do {
            let channel = try bootstrap.bind(host: host, port: port).wait()
            self.channel = channel
            self.port = channel.localAddress?.port ?? port
        } catch {
            try? group.syncShutdownGracefully()
            throw ListenError(address: host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)", reason: Self.reason(error))
        }
    }

    /// Stops listening and closes every connection.
    public func stop() {
        try? channel?.close().wait()
        channel = nil
        try? group.syncShutdownGracefully()
    }

    static func reason(_ error: Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        return "\(error)"
    }
}

public struct ListenError: Error, Sendable, CustomStringConvertible {
    public var address: String
    public var reason: String
    public var description: String { "cannot listen on \(address): \(reason)" }
}

/// Connections open at once, bounded (excess connections are closed at once).
final class ConnectionCount: @unchecked Sendable {
    private let lock = NSLock()
    private var open_ = 0
    private let limit: Int
    init(limit: Int) { self.limit = limit }
    func open() -> Bool { lock.lock(); defer { lock.unlock() }; guard open_ < limit else { return false }; open_ += 1; return true }
    func close() { lock.lock(); open_ -= 1; lock.unlock() }
}

/// Sent down the pipeline by the route handler once a response is written on a kept-alive
/// connection: the head limiter then counts the next request's head afresh.
struct NextRequest {}

/// Sent down the pipeline by the route handler when a request's head reaches it. A pipelined
/// request held back by NIO's pipelining handler never passes the head limiter again: without
/// this, the idle timer armed after the previous answer would close the connection while that
/// request was being answered (a route slower than the idle timeout lost it).
struct RequestStarted {}

/// In front of the HTTP parser: counts bytes until the end of the head (CRLF CRLF); too many,
/// or not all of them within the deadline, and the connection ends (431, or a plain close).
final class HeadLimiter: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let maxBytes: Int
    private let timeout: TimeAmount
    private let idle: TimeAmount
    private var seen = 0
    /// How much of "\r\n\r\n" the last bytes matched.
    private var matched = 0
    private var complete = false
    /// Waiting on a kept-alive connection: no byte of the next request yet.
    private var idling = false
    private var deadline: Scheduled<Void>?

    init(maxBytes: Int, timeout: TimeAmount, idle: TimeAmount) {
        self.maxBytes = maxBytes
        self.timeout = timeout
        self.idle = idle
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if event is RequestStarted {
            if idling {   // a held-back request: it is here, whole; not idle any more
                idling = false
                deadline?.cancel()
                deadline = nil
            }
            promise?.succeed(())
            return
        }
        guard event is NextRequest else { return context.triggerUserOutboundEvent(event, promise: promise) }
        seen = 0
        matched = 0
        complete = false
        idling = true
        deadline?.cancel()
        deadline = nil
        arm(context, after: idle)
        promise?.succeed(())
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context, after: timeout) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context, after: timeout)
        context.fireChannelActive()
    }

    private func arm(_ context: ChannelHandlerContext, after delay: TimeAmount) {
        guard deadline == nil else { return }
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: delay) { channel.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        if complete {
            // A body, or a pipelined request: NIO's pipelining handler holds it until the answer
            // to this one is written (a client that pipelines gets no head bound on the next one).
            return context.fireChannelRead(data)
        }
        if idling {
            // The next request began: its head must now arrive within the head deadline.
            idling = false
            deadline?.cancel()
            deadline = nil
            arm(context, after: timeout)
        }
        let pattern: [UInt8] = [13, 10, 13, 10]
        var end: Int?
        buffer.withUnsafeReadableBytes { bytes in
            for (i, b) in bytes.enumerated() {
                if b == pattern[matched] { matched += 1 } else { matched = b == 13 ? 1 : 0 }
                if matched == 4 { end = i + 1; break }
            }
        }
        seen += end ?? buffer.readableBytes
        if seen > maxBytes {
            complete = true
            deadline?.cancel()
            var out = context.channel.allocator.buffer(capacity: 160)
            let body = "request line and headers exceed \(maxBytes) bytes\n"
            out.writeString("HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain; charset=utf-8\r\n"
                            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(out)).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        if end != nil {
            complete = true
            deadline?.cancel()
        }
        context.fireChannelRead(data)
    }
}

/// Answers each request in turn: the route runs on a Dispatch queue, its reply is written back
/// on the event loop; then the connection closes, or (keep-alive) waits for the next request.
final class RouteHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let route: @Sendable (HTTPRequestLine) -> HTTPReply
    private var request: HTTPRequestLine?
    private var keepAlive = false
    private var answered = false

    init(route: @escaping @Sendable (HTTPRequestLine) -> HTTPReply) { self.route = route }

    /// A request NIO could not parse: its error handler has written the 400 before this runs;
    /// hang up once that is flushed (the client may keep the connection open forever).
    func errorCaught(context: ChannelHandlerContext, error: Error) {
        let channel = context.channel
        context.eventLoop.execute { channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            guard request == nil else { return }
            context.triggerUserOutboundEvent(RequestStarted(), promise: nil)
            let (path, query) = Self.split(head.uri)
            request = HTTPRequestLine(method: head.method.rawValue, path: path, query: query)
            keepAlive = head.isKeepAlive
        case .body:
            break
        case .end:
            guard let request, !answered else { return }
            answered = true
            let route = self.route
            let loop = context.eventLoop
            let channel = context.channel
            let isHead = request.method == "HEAD"
            let bound = NIOLoopBound(context, eventLoop: loop)
            DispatchQueue.global().async {
                let reply = request.method == "GET" || isHead ? route(request)
                    : HTTPReply(status: 405, body: "method \(request.method) not allowed: use GET\n")
                loop.execute {
                    guard channel.isActive else { return }
                    RouteHandler.write(reply, headOnly: isHead, context: bound.value, handler: self)
                }
            }
        }
    }

    static func write(_ reply: HTTPReply, headOnly: Bool, context: ChannelHandlerContext, handler: RouteHandler) {
        let keepAlive = handler.keepAlive
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: reply.contentType)
        headers.add(name: "Content-Length", value: "\(reply.body.utf8.count)")
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
        context.write(handler.wrapOutboundOut(.head(head)), promise: nil)
        if !headOnly {
            var buffer = context.channel.allocator.buffer(capacity: reply.body.utf8.count)
            buffer.writeString(reply.body)
            context.write(handler.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let channel = context.channel
        guard keepAlive else {
            return context.writeAndFlush(handler.wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        }
        // Ready for the next request before the end is written: NIO's pipelining handler may
        // hand over a request it held back as soon as it sees the end go out.
        handler.request = nil
        handler.answered = false
        context.triggerUserOutboundEvent(NextRequest(), promise: nil)
        context.writeAndFlush(handler.wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// `/probe?target=a%2Bb` → ("/probe", ["target": "a+b"]): form decoding (`+` is a space).
    static func split(_ uri: String) -> (String, [String: String]) {
        guard let q = uri.firstIndex(of: "?") else { return (uri, [:]) }
        var query: [String: String] = [:]
        for pair in uri[uri.index(after: q)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = decode(parts[0]) else { continue }
            query[key] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return (String(uri[..<q]), query)
    }

    static func decode(_ s: Substring) -> String? {
        var bytes: [UInt8] = []
        var i = s.utf8.startIndex
        let u = s.utf8
        while i < u.endIndex {
            let b = u[i]
            if b == UInt8(ascii: "+") {
                bytes.append(32)
            } else if b == UInt8(ascii: "%") {
                let h1 = u.index(after: i)
                guard h1 < u.endIndex, u.index(after: h1) < u.endIndex,
                      let v = UInt8(String(decoding: [u[h1], u[u.index(after: h1)]], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(v)
                i = u.index(after: h1)
            } else {
                bytes.append(b)
            }
            i = u.index(after: i)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
