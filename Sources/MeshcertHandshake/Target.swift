import MeshcertOpenSSL
/// A `HOST:PORT` endpoint (`[::1]:8443` for IPv6 literals).
public struct Target: Sendable, Hashable, CustomStringConvertible {
    public let host: String
    public let port: UInt16

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`; nil with no reason when malformed (callers name the input).
    public init?(parsing text: String) {
        let s = text.trimmingCharacters(in: .whitespaces)
        let hostPart: Substring, portPart: Substring
        if s.hasPrefix("[") {
            guard let close = s.firstIndex(of: "]"), s[s.index(after: close)...].hasPrefix(":") else { return nil }
            hostPart = s[s.index(after: s.startIndex)..<close]
            portPart = s[s.index(close, offsetBy: 2)...]
        } else {
            guard let colon = s.lastIndex(of: ":"), !s[..<colon].contains(":") else { return nil }
            hostPart = s[..<colon]
            portPart = s[s.index(after: colon)...]
        }
        guard !hostPart.isEmpty, let port = UInt16(portPart), port > 0 else { return nil }
        self.host = String(hostPart)
        self.port = port
    }

    /// Why `name` cannot be a server name (sent as SNI and as the HTTP probe's Host), nil when
    /// it can: not empty, no space or control character.
    public static func serverNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "the server name is empty" }
        if name.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) {
            return "the server name '\(name.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }.joined())' contains a space or control character"
        }
        return nil
    }

    /// True when the host is an IPv4 or IPv6 literal (IP SAN check, no SNI).
    public var hostIsIPAddress: Bool { PeerName.isIPAddress(host) }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
