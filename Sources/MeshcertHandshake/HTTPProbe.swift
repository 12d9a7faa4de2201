/// What one HTTP/1.1 request after the handshake got back (`--http-probe PATH`, plan `httpProbe`).
public struct HTTPExchange: Sendable, Equatable {
    public var path: String
    /// The status code; nil when no status line arrived (the server closed, or the read deadline).
    public var status: Int?
    /// As received, e.g. `HTTP/1.1 400 Bad Request`.
    public var statusLine: String?
    /// The server's words about the client certificate, when its answer names one.
    public var clientCertificateProblem: String?
    /// What the answer means for callers: nil when it says nothing about client certificates.
    public var verdict: HandshakeReason?
}

/// The request and the reading of its answer. A reverse proxy that asks for a client certificate
/// at the TLS level may still finish the handshake without one (or with one it does not accept)
/// and refuse only the request: nginx's `ssl_verify_client on` answers 400 with "No required SSL
/// certificate was sent" (its internal 496) or "The SSL certificate error" (495), also with
/// `optional` for a certificate it cannot verify.
public enum HTTPProbe {
    /// The most of the answer kept: the status line and the start of the body say everything.
    static let responseLimit = 16 * 1024

    /// Why `path` cannot be sent as the request target, nil when it can: it starts with / and
    /// holds no space or control character (a CR or LF would start a header of its own).
    public static func pathProblem(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return "'\(path)' must be a path starting with /" }
        if path.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) {
            return "the path must not contain spaces or control characters (CR, LF, tab...); percent-encode them"
        }
        return nil
    }

    static func request(path: String, host: String) -> [UInt8] {
        let hostHeader = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return Array(("GET \(path) HTTP/1.1\r\nHost: \(hostHeader)\r\nUser-Agent: meshcert\r\nAccept: */*\r\n"
                      + "Connection: close\r\n\r\n").utf8)
    }

    /// nginx's texts (src/http/ngx_http_special_response.c), then generic wording.
    static let requiredTexts = ["No required SSL certificate was sent", "SSL certificate required", "client certificate required",
                                "certificate required", "no client certificate", "client certificate is required",
                                "client certificate missing"]
    static let rejectedTexts = ["The SSL certificate error", "SSL certificate error", "certificate verify failed",
                                "bad certificate", "invalid client certificate", "client certificate rejected",
                                "certificate has expired", "unknown ca"]

    /// Reads the status line and the start of the body; nil status when no full status line came.
    static func parse(_ bytes: [UInt8], path: String) -> HTTPExchange {
        let text = String(decoding: bytes, as: UTF8.self)
        var exchange = HTTPExchange(path: path)
        guard let lineEnd = text.range(of: "\r\n") ?? text.range(of: "\n") else { return exchange }
        let line = String(text[..<lineEnd.lowerBound])
        let parts = line.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let code = Int(parts[1]) else { return exchange }
        exchange.status = code
        exchange.statusLine = line
        let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        classify(&exchange, body: body)
        return exchange
    }

    static func classify(_ exchange: inout HTTPExchange, body: String) {
        guard let status = exchange.status else { return }
        let haystack = (exchange.statusLine ?? "") + "\n" + body
        func found(_ texts: [String]) -> String? {
            texts.first { haystack.range(of: $0, options: .caseInsensitive) != nil }
        }
        switch status {
        case 496:
            exchange.verdict = .clientCertificateRequired
            exchange.clientCertificateProblem = found(requiredTexts) ?? "496 SSL Certificate Required"
        case 495:
            exchange.verdict = .clientCertificateRejected
            exchange.clientCertificateProblem = found(rejectedTexts) ?? "495 SSL Certificate Error"
        case 400, 403:
            if let text = found(requiredTexts) {
                exchange.verdict = .clientCertificateRequired
                exchange.clientCertificateProblem = text
            } else if let text = found(rejectedTexts) {
                exchange.verdict = .clientCertificateRejected
                exchange.clientCertificateProblem = text
            }
        default:
            break
        }
    }
}

extension HTTPProbe {
    /// The headers arrived and, when they give a Content-Length, the body too.
    static func isComplete(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return false }
        let headers = text[..<end.lowerBound].lowercased()
        guard let line = headers.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) else {
            return false  // no length: read until the server closes (we asked for Connection: close)
        }
        return text[end.upperBound...].utf8.count >= length
    }
}

import Foundation
