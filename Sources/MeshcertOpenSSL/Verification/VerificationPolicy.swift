#if canImport(Glibc)
import Glibc
#endif

/// How a certificate chain is judged: one policy for `scan --trust`, `handshake`, `lab`, `watch`
/// and `verify`, so the same chain gets the same verdict everywhere.
///
/// A plain value: CRL files are named here and read when a verifier or TLS context is built.
public struct VerificationPolicy: Sendable, Hashable {
    public enum Profile: String, Sendable, Hashable, CaseIterable, Codable {
        /// What meshcert has always accepted, close to what the Envoy proxies on both sides of a
        /// migration accept: OpenSSL's defaults, a trust anchor must be self-signed.
        case compatible
        /// RFC 5280 as x509-limbo's harness drives OpenSSL: `X509_V_FLAG_X509_STRICT`, security
        /// level 2 (no P-192, no RSA below 2048), every trusted certificate is a trust anchor.
        case strict
    }

    public var profile: Profile
    /// The most intermediates a path may hold (OpenSSL's verify depth); nil: OpenSSL's default (100).
    public var maxDepth: Int?
    /// Trust a certificate of the trust file even when it is not self-signed (always on in `strict`).
    public var partialChain: Bool
    /// CRL files (PEM or DER); when present, revocation is checked for the whole chain.
    public var crlFiles: [String]
    /// Checks beyond OpenSSL's (see `PedanticCheck`); a failed one makes the verdict negative.
    public var pedantic: Bool

    public init(profile: Profile = .compatible, maxDepth: Int? = nil, partialChain: Bool = false,
                crlFiles: [String] = [], pedantic: Bool = false) {
        self.profile = profile
        self.maxDepth = maxDepth
        self.partialChain = partialChain
        self.crlFiles = crlFiles
        self.pedantic = pedantic
    }

    public static let compatible = VerificationPolicy()

    /// The same policy under the `strict` profile (what `strict_validation_failed` is judged by).
    public var asStrict: VerificationPolicy {
        var copy = self
        copy.profile = .strict
        copy.pedantic = false
        return copy
    }

    /// Trust anchors need not be self-signed.
    public var allowsPartialChain: Bool { partialChain || profile == .strict }

    /// The names of the checks this policy makes beyond OpenSSL's defaults, for reports.
    public var checks: [String] {
        var list: [String] = []
        if profile == .strict { list += ["x509_strict", "security_level_2", "no_partial_wildcards", "no_common_name_fallback"] }
        if allowsPartialChain { list.append("partial_chain") }
        if let maxDepth { list.append("max_depth_\(maxDepth)") }
        if !crlFiles.isEmpty { list.append("crl_check_all") }
        if pedantic { list += PedanticCheck.allCases.map(\.rawValue) }
        return list
    }
}

/// What the verified certificate is for: its EKU and OpenSSL's purpose checks follow.
public enum VerificationPurpose: String, Sendable, Hashable, CaseIterable, Codable {
    case server, client
}

/// The name a peer certificate must be valid for.
public enum PeerName: Sendable, Hashable, CustomStringConvertible {
    case dns(String)
    case ip(String)

    /// An IP address when the text parses as one, else a DNS name.
    public init(_ text: String) {
        self = Self.isIPAddress(text) ? .ip(text) : .dns(text)
    }

    /// True for IPv4 dotted and IPv6 text (`inet_pton`).
    public static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    public var description: String {
        switch self {
        case .dns(let name), .ip(let name): return name
        }
    }
}
