import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `meshcert` child process running in the background (lab serve, watch), its stdout and
/// stderr in a log file; `kill(SIGKILL)` on `stop()`.
final class BackgroundMeshcert {
    let process = Process()
    let logURL: URL

    init(_ arguments: [String], in dir: URL) throws {
        logURL = dir.appendingPathComponent("meshcert-\(arguments.first ?? "run")-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.executableURL = MeshcertBinary.executable
        process.arguments = arguments
        process.currentDirectoryURL = MeshcertBinary.repoRoot
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        process.environment = env
        try MeshcertBinary.launch(process)
    }

    var output: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// Waits (bounded) for the process to exit; nil if it did not.
    func waitForExit(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Polls `condition` every 100 ms until it holds or `seconds` pass.
    static func eventually(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(100_000)
        }
        return condition()
    }
}

/// `meshcert lab serve` with a plan written into a temporary folder.
struct RunningLab {
    let dir: URL
    let plan: URL
    let process: BackgroundMeshcert

    init(_ extra: [String] = []) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        plan = dir.appendingPathComponent("plan.yaml")
        process = try BackgroundMeshcert(["lab", "serve", "--for", "300s", "--plan-out", plan.path,
                                          "--dir", dir.appendingPathComponent("lab").path] + extra, in: dir)
        let plan = self.plan, process = self.process
        _ = BackgroundMeshcert.eventually(60) { process.output.contains("plan: ") || !process.process.isRunning }
        guard FileManager.default.fileExists(atPath: plan.path) else {
            process.stop()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "lab serve did not start: \(process.output)"])
        }
    }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: dir)
    }

    /// A watch config beside the plan.
    func config(_ text: String, name: String = "watch.yaml") throws -> URL {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

/// A minimal HTTP/1.1 client over a raw socket, so tests can also send what no client library
/// would (oversized request lines, half a request).
enum RawHTTP {
    static func connect(_ port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        if !ok { close(fd); return nil }
        var tv = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func send(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    /// Everything until the server closes (or the receive timeout).
    static func readAll(_ fd: Int32) -> String {
        var out = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// GET `path`; (status, body). HTTP/1.0 with `Connection: close`: no chunked body, and
    /// the server hangs up after its answer.
    static func get(_ port: Int, _ path: String) -> (Int, String) {
        guard let fd = connect(port) else { return (0, "") }
        defer { close(fd) }
        send(fd, "GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        return parse(readAll(fd))
    }

    static func parse(_ response: String) -> (Int, String) {
        let status = Int(response.split(separator: " ", maxSplits: 2).dropFirst().first ?? "") ?? 0
        guard let range = response.range(of: "\r\n\r\n") else { return (status, "") }
        return (status, String(response[range.upperBound...]))
    }

    /// `percent-encoded` as a query value (Prometheus' relabelling does the same).
    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s
    }
}
