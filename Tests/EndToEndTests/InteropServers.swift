import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real nginx or haproxy in the foreground on a free loopback port, with its configuration,
/// pid, logs and temporary files in a folder of its own (nothing root-owned), stopped by `stop()`.
final class InteropServer {
    let name: String
    let port: Int
    let folder: URL
    private let process: LoopbackProcess

    var target: String { "127.0.0.1:\(port)" }

    /// nginx or haproxy from PATH or /usr/sbin (where Debian puts them); nil when not installed.
    static func binary(_ tool: String) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/usr/local/sbin"
        for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(tool)") {
            return "\(dir)/\(tool)"
        }
        return nil
    }

    static let skipReason = "nginx or haproxy is not installed (Scripts/setup.sh installs both: MESHCERT_EXTRA_DEBS in Scripts/test.sh)"
    static var available: Bool { binary("nginx") != nil && binary("haproxy") != nil }

    /// What an nginx `server {}` holds beyond the listener, as directives.
    struct NginxTLS {
        var chain: String
        var key: String
        var protocols = "TLSv1.2 TLSv1.3"
        /// `on` or `optional`; nil: no client certificate asked.
        var verifyClient: String?
        var clientCA: String?
        /// A DER OCSP response to staple (`ssl_stapling_file`).
        var staplingFile: String?
    }

    static func nginx(_ tls: NginxTLS) throws -> InteropServer {
        guard let nginx = binary("nginx") else { throw CocoaError(.executableNotLoadable) }
        let port = try LoopbackProcess.freePort()
        let folder = try workFolder("nginx", port)
        var server = """
                listen 127.0.0.1:\(port) ssl;
                ssl_certificate \(tls.chain);
                ssl_certificate_key \(tls.key);
                ssl_protocols \(tls.protocols);

        """
        if let verify = tls.verifyClient, let ca = tls.clientCA {
            server += "        ssl_verify_client \(verify);\n        ssl_client_certificate \(ca);\n        ssl_verify_depth 3;\n"
        }
        if let staple = tls.staplingFile {
            server += "        ssl_stapling on;\n        ssl_stapling_file \(staple);\n"
        }
        let p = folder.path
        let conf = """
        master_process off;
        pid \(p)/nginx.pid;
        error_log \(p)/error.log info;
        events { worker_connections 64; }
        http {
            access_log \(p)/access.log;
            client_body_temp_path \(p)/body;
            proxy_temp_path \(p)/proxy;
            fastcgi_temp_path \(p)/fastcgi;
            uwsgi_temp_path \(p)/uwsgi;
            scgi_temp_path \(p)/scgi;
            server {
        \(server)
                location / { default_type text/plain; return 200 "hello from nginx\\n"; }
            }
        }

        """
        try conf.write(to: folder.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        let process = try LoopbackProcess.start(nginx, ["-p", p, "-c", "\(p)/nginx.conf", "-e", "\(p)/error.log", "-g", "daemon off;"],
                                                port: port)
        return InteropServer(name: "nginx", port: port, folder: folder, process: process)
    }

    /// haproxy terminating TLS with `verify required` (or none) and answering 200 itself.
    static func haproxy(certificateAndKey: String, clientCA: String?, verify: String = "required") throws -> InteropServer {
        guard let haproxy = binary("haproxy") else { throw CocoaError(.executableNotLoadable) }
        let port = try LoopbackProcess.freePort()
        let folder = try workFolder("haproxy", port)
        var bind = "bind 127.0.0.1:\(port) ssl crt \(certificateAndKey) ssl-min-ver TLSv1.2"
        if let ca = clientCA { bind += " ca-file \(ca) verify \(verify)" }
        let conf = """
        global
            pidfile \(folder.path)/haproxy.pid
        defaults
            mode http
            timeout connect 5s
            timeout client 10s
            timeout server 10s
        frontend interop
            \(bind)
            http-request return status 200 content-type text/plain string "hello from haproxy"

        """
        try conf.write(to: folder.appendingPathComponent("haproxy.cfg"), atomically: true, encoding: .utf8)
        let process = try LoopbackProcess.start(haproxy, ["-db", "-f", "\(folder.path)/haproxy.cfg"], port: port)
        return InteropServer(name: "haproxy", port: port, folder: folder, process: process)
    }

    private init(name: String, port: Int, folder: URL, process: LoopbackProcess) {
        self.name = name
        self.port = port
        self.folder = folder
        self.process = process
    }

    private static func workFolder(_ tool: String, _ port: Int) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-\(tool)-\(port)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// What the server logged (stdout/stderr and, for nginx, its error log).
    func log() -> String {
        process.output() + ((try? String(contentsOf: folder.appendingPathComponent("error.log"), encoding: .utf8)) ?? "")
    }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}

/// `openssl s_client -verify_return_error`: the reference verdict at the TLS level. It sends
/// `GET / HTTP/1.0` and reads until the server closes (`-ign_eof`), so a TLS 1.3 server's verdict
/// on the client certificate after the handshake, and an HTTP-level refusal, are seen too.
struct SClientVerdict {
    /// The X509 verify error s_client stopped at (`verify error:num=N`), nil when none.
    var verifyError: Int?
    /// s_client got through the handshake (it printed the negotiated protocol).
    var handshakeCompleted: Bool
    /// The alert the server sent (`tlsv13 alert certificate required`), nil when none.
    var alert: String?
    /// The HTTP status the server answered, nil when none came.
    var httpStatus: Int?
    var output: String

    /// `brief: false` keeps s_client's full report (the OCSP response with `-status`).
    static func run(_ target: String, trust: String, serverName: String = InteropPKI.serverName, extra: [String] = [],
                    brief: Bool = true) throws -> SClientVerdict {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["openssl", "s_client", "-connect", target, "-servername", serverName, "-verify_hostname", serverName,
                       "-CAfile", trust, "-verify_return_error", "-ign_eof"] + (brief ? ["-brief"] : []) + extra
        let out = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = input
        try MeshcertBinary.launch(p)
        // The throwing write: s_client may already have exited (a verify error ends it before it
        // reads stdin), and the legacy `write(_:)` traps on EPIPE.
        try? input.fileHandleForWriting.write(contentsOf: Data("GET / HTTP/1.0\r\nHost: \(serverName)\r\n\r\n".utf8))
        try? input.fileHandleForWriting.close()
        // A server that keeps the connection open must not hold the test: 20 s, then SIGKILL.
        let pid = p.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 20, execute: watchdog)
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        watchdog.cancel()
        func first(_ pattern: String) -> String? { text.range(of: pattern, options: .regularExpression).map { String(text[$0]) } }
        return SClientVerdict(verifyError: first(#"verify error:num=\d+"#).flatMap { Int($0.split(separator: "=").last ?? "") },
                              handshakeCompleted: text.contains("Protocol version:") || text.contains("New, TLSv"),
                              alert: first(#"(sslv3|tlsv1[0-9]?) alert [a-z ]+"#),
                              httpStatus: first(#"HTTP/1\.[01] [0-9]{3}"#).flatMap { Int($0.suffix(3)) },
                              output: text)
    }
}
