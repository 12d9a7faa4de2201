/// A TLS protocol version meshcert lets users pin (`--min-tls`, `--max-tls`).
public enum TLSVersion: String, Sendable, Hashable, CaseIterable {
    case tls12 = "1.2"
    case tls13 = "1.3"

    /// Why a lowest and highest version leave nothing to offer (1.3 up to 1.2), nil when they
    /// don't; the names are the option or field names to quote.
    public static func rangeProblem(min: TLSVersion?, max: TLSVersion?, minName: String, maxName: String) -> String? {
        guard min == .tls13, max == .tls12 else { return nil }
        return "\(minName) 1.3 is above \(maxName) 1.2: no TLS version is left to offer"
    }
}

/// What a checking client trusts and presents. Files are PEM.
public struct TLSClientConfiguration: Sendable, Hashable {
    public var trustFile: String
    public var certificateFile: String?
    public var keyFile: String?
    public var minVersion: TLSVersion?
    public var maxVersion: TLSVersion?
    /// Verify certificates as of this time (seconds since the epoch) instead of now (`--at`).
    public var verificationTime: Int64?
    /// How the server's chain is judged (`--verify-profile`, `--max-depth`, `--crl`...).
    public var policy: VerificationPolicy

    public init(trustFile: String, certificateFile: String? = nil, keyFile: String? = nil,
                minVersion: TLSVersion? = nil, maxVersion: TLSVersion? = nil, verificationTime: Int64? = nil,
                policy: VerificationPolicy = .compatible) {
        self.policy = policy
        self.trustFile = trustFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.minVersion = minVersion
        self.maxVersion = maxVersion
        self.verificationTime = verificationTime
    }

    /// The same client without its certificate (the probe that tells "requested" from "required").
    public var withoutClientCertificate: TLSClientConfiguration {
        var copy = self
        copy.certificateFile = nil
        copy.keyFile = nil
        return copy
    }

    public var presentsClientCertificate: Bool { certificateFile != nil }
}

/// What a loopback server presents and demands (the lab's App Mesh and Service Connect servers).
public struct TLSServerConfiguration: Sendable, Hashable {
    /// Leaf first, then intermediates.
    public var certificateChainFile: String
    public var keyFile: String
    /// When set, the server demands a client certificate issued under these CAs (mutual TLS).
    public var clientCAFile: String?
    public var minVersion: TLSVersion?
    public var maxVersion: TLSVersion?
    /// TLS 1.3 cipher suites, OpenSSL syntax (`TLS_AES_128_GCM_SHA256:...`); nil keeps the defaults.
    public var cipherSuites: String?
    public var verificationTime: Int64?
    /// How client certificates are judged under mutual TLS.
    public var policy: VerificationPolicy

    public init(certificateChainFile: String, keyFile: String, clientCAFile: String? = nil,
                minVersion: TLSVersion? = nil, maxVersion: TLSVersion? = nil, cipherSuites: String? = nil,
                verificationTime: Int64? = nil, policy: VerificationPolicy = .compatible) {
        self.policy = policy
        self.certificateChainFile = certificateChainFile
        self.keyFile = keyFile
        self.clientCAFile = clientCAFile
        self.minVersion = minVersion
        self.maxVersion = maxVersion
        self.cipherSuites = cipherSuites
        self.verificationTime = verificationTime
    }
}

/// A TLS context that could not be set up: names the file and OpenSSL's reason, never key material.
public struct TLSSetupError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let openSSL: OpenSSLError?

    public init(message: String, openSSL: OpenSSLError?) {
        self.message = message
        self.openSSL = openSSL
    }

    public var description: String {
        guard let reason = openSSL?.reason else { return message }
        return "\(message): \(reason)"
    }
}
