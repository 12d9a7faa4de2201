import Foundation
@testable import MeshcertWatch
import Testing

/// The probe scheduler's bounds, and the HTTP server's query decoding and routes in process.
@Suite struct SchedulerAndHTTPTests {
    /// Counts probes in flight per host and overall (the work sleeps so that they overlap).
    final class InFlight: @unchecked Sendable {
        let lock = NSLock()
        var now: [String: Int] = [:]
        var peak: [String: Int] = [:]
        var total = 0, peakTotal = 0, runs = 0
        func enter(_ host: String) {
            lock.lock(); defer { lock.unlock() }
            now[host, default: 0] += 1; total += 1; runs += 1
            peak[host] = max(peak[host] ?? 0, now[host]!); peakTotal = max(peakTotal, total)
        }
        func leave(_ host: String) { lock.lock(); now[host]! -= 1; total -= 1; lock.unlock() }
    }

    @Test func perHostAndOverallBoundsHold() {
        let seen = InFlight()
        let items = (0..<12).map { i in (i % 2 == 0 ? "a" : "b\(i)", host: i % 2 == 0 ? "a" : "b\(i)") }
        let scheduler = ProbeScheduler(items: items, interval: 0.05, jitter: 0.1, jobs: 4, perHost: 2) { host in
            seen.enter(host)
            usleep(20_000)
            seen.leave(host)
        }
        scheduler.start(name: "test-probe")
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline { seen.lock.lock(); let runs = seen.runs; seen.lock.unlock(); if runs >= 60 { break }; usleep(10_000) }
        scheduler.stop()
        #expect(seen.runs >= 60)
        #expect(seen.peak["a"]! <= 2)
        #expect(seen.peakTotal <= 4)
        #expect(seen.total == 0)  // stop() waited for the work in flight
    }

    /// Items whose host is at its limit wait their turn and are not starved: with one probe per
    /// host at a time, every item of every host still runs, round after round.
    @Test func parkedItemsAllRun() {
        final class Runs: @unchecked Sendable {
            let lock = NSLock()
            var counts = [Int](repeating: 0, count: 30)
            func add(_ i: Int) { lock.lock(); counts[i] += 1; lock.unlock() }
            var low: Int { lock.lock(); defer { lock.unlock() }; return counts.min()! }
        }
        let runs = Runs()
        let items = (0..<30).map { i in (i, host: "h\(i % 3)") }
        let scheduler = ProbeScheduler(items: items, interval: 0.02, jitter: 0, jobs: 4, perHost: 1) { i in
            usleep(2_000)
            runs.add(i)
        }
        scheduler.start(name: "test-probe")
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline && runs.low < 3 { usleep(10_000) }
        scheduler.stop()
        #expect(runs.low >= 3, "runs per item: \(runs.counts)")
    }

    @Test func dueQueueGivesTheEarliestFirst() {
        var q = DueQueue()
        let base = Date()
        let offsets = [5.0, 1, 3, 1, 9, 0, 7, 2, 2, 4]
        for (i, o) in offsets.enumerated() { q.push(i, due: base.addingTimeInterval(o)) }
        var order: [Int] = []
        while let i = q.pop() { order.append(i) }
        #expect(order == [5, 1, 3, 7, 8, 2, 9, 0, 6, 4])
        #expect(q.peek == nil)
    }

    @Test func queryDecoding() {
        let (path, query) = RouteHandler.split("/probe?target=frontend%40sc-%3Eusers%2Bcert&x=a+b&flag")
        #expect(path == "/probe")
        #expect(query["target"] == "frontend@sc->users+cert")
        #expect(query["x"] == "a b")
        #expect(query["flag"] == "")
        #expect(RouteHandler.split("/metrics").1.isEmpty)
        #expect(RouteHandler.decode("%zz") == nil)
        #expect(RouteHandler.decode("%ff") == nil)  // not UTF-8
    }

    @Test func serverAnswersAndBoundsTheHead() throws {
        let server = try WatchHTTPServer(host: "127.0.0.1", port: 0) { r in
            r.path == "/echo" ? HTTPReply(status: 200, body: r.query["v"] ?? "-") : HTTPReply(status: 404, body: "no\n")
        }
        defer { server.stop() }
        #expect(try get(server.port, "GET /echo?v=a%22b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").hasSuffix("\r\n\r\na\"b"))
        #expect(try get(server.port, "GET /other HTTP/1.0\r\nHost: x\r\n\r\n").hasPrefix("HTTP/1.1 404"))
        #expect(try get(server.port, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").hasPrefix("HTTP/1.1 405"))
        let big = "GET /echo HTTP/1.1\r\n" + String(repeating: "X-Filler: 0123456789abcdef\r\n", count: 400) + "\r\n"
        #expect(try get(server.port, big).hasPrefix("HTTP/1.1 431"))
        // A port already bound: a clear error, not a crash.
        #expect(throws: ListenError.self) { try WatchHTTPServer(host: "127.0.0.1", port: server.port) { _ in HTTPReply(status: 200, body: "") } }
    }

    /// Keep-alive: several requests on one connection, one after the other or pipelined, each
    /// answered in order; `Connection: close` ends it; an idle connection is closed by the server.
    @Test func keepAliveAnswersInOrderAndClosesIdleConnections() throws {
        var limits = WatchHTTPServer.Limits()
        limits.idleTimeout = .milliseconds(300)
        let server = try WatchHTTPServer(host: "127.0.0.1", port: 0, limits: limits) { r in HTTPReply(status: 200, body: "[\(r.query["v"] ?? "")]") }
        defer { server.stop() }
        let request = { (v: String, close: Bool) in "GET /?v=\(v) HTTP/1.1\r\nHost: x\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n" }
        // Pipelined: three requests in one write, the last one closing.
        let pipelined = try get(server.port, request("1", false) + request("2", false) + request("3", true))
        #expect(pipelined.components(separatedBy: "HTTP/1.1 200").count == 4, "\(pipelined)")
        #expect(pipelined.contains("[1]") && pipelined.contains("[2]") && pipelined.contains("[3]"))
        let order = ["[1]", "[2]", "[3]"].compactMap { pipelined.range(of: $0)?.lowerBound }
        #expect(order.count == 3 && order == order.sorted())
        #expect(pipelined.contains("Connection: keep-alive") && pipelined.contains("Connection: close"))
        // One kept-alive request, then silence: the server hangs up after the idle timeout, well
        // before the client's 10 s receive timeout.
        let start = Date()
        let idle = try get(server.port, request("4", false))
        #expect(idle.hasSuffix("[4]"))
        #expect(Date().timeIntervalSince(start) < 8, "the idle connection was not closed by the server")
    }

    /// Pipelined requests whose answers each take longer than the idle timeout are all answered:
    /// the idle timer is for a connection with no request, not for one whose next request waits
    /// in NIO's pipelining buffer (it closed the connection and lost the third answer).
    @Test func slowAnswersToPipelinedRequestsAreNotCutByTheIdleTimeout() throws {
        var limits = WatchHTTPServer.Limits()
        limits.idleTimeout = .milliseconds(100)
        let server = try WatchHTTPServer(host: "127.0.0.1", port: 0, limits: limits) { r in
            usleep(300_000)
            return HTTPReply(status: 200, body: "[\(r.query["v"] ?? "")]")
        }
        defer { server.stop() }
        let request = { (v: String, close: Bool) in "GET /?v=\(v) HTTP/1.1\r\nHost: x\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n" }
        let pipelined = try get(server.port, request("1", false) + request("2", false) + request("3", true))
        #expect(pipelined.components(separatedBy: "HTTP/1.1 200").count == 4, "\(pipelined)")
        #expect(pipelined.contains("[3]"))
    }

    func get(_ port: Int, _ request: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard ok else { throw CocoaError(.fileReadUnknown) }
        var tv = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var out = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
