public import MeshcertOpenSSL

/// Deadlines of one check, in seconds, each for its own phase.
public struct HandshakeTimeouts: Sendable, Hashable {
    /// TCP connect.
    public var connect: Double
    /// The TLS handshake proper (`SSL_connect` until done).
    public var handshake: Double
    /// After the handshake: how long to wait for the server's post-handshake flight (TLS 1.3
    /// session tickets, or the alert of a server that refuses to go on without a client certificate).
    public var read: Double

    public init(connect: Double = 5, handshake: Double = 5, read: Double = 2) {
        self.connect = connect
        self.handshake = handshake
        self.read = read
    }
}

/// One named check: who connects where, trusting what, presenting what, expecting what.
public struct HandshakeCheck: Sendable {
    public var name: String
    /// Informational (from a plan): the calling and the called service.
    public var clientService: String?
    public var serverService: String?
    public var target: Target
    /// SNI and verified name; nil means the target's host (or, for an IP target, its IP SAN).
    public var serverName: String?
    public var client: TLSClientConfiguration
    public var expect: HandshakeReason
    public var timeouts: HandshakeTimeouts
    /// After the handshake, `GET` this path (HTTP/1.1) and read the status line; nil: no request.
    public var httpProbe: String?
    /// `chain.expiringSoon` when a certificate of the path has fewer days left than this
    /// (short-lived certificates: 2/7 of their lifetime).
    public var warnDays: Int

    public init(name: String, clientService: String? = nil, serverService: String? = nil, target: Target,
                serverName: String? = nil, client: TLSClientConfiguration, expect: HandshakeReason = .ok,
                timeouts: HandshakeTimeouts = HandshakeTimeouts(), httpProbe: String? = nil, warnDays: Int = 30) {
        self.name = name
        self.clientService = clientService
        self.serverService = serverService
        self.target = target
        self.serverName = serverName
        self.client = client
        self.expect = expect
        self.timeouts = timeouts
        self.httpProbe = httpProbe
        self.warnDays = warnDays
    }

    /// The name sent as SNI and checked against the certificate; nil for IP targets without one.
    public var effectiveServerName: String? {
        serverName ?? (target.hostIsIPAddress ? nil : target.host)
    }

    /// The IP address checked against the certificate's IP SANs (IP target, no server name).
    var verifiedIPAddress: String? {
        serverName == nil && target.hostIsIPAddress ? target.host : nil
    }

    /// What the certificate is checked against, for verdicts made after the handshake.
    var peerName: PeerName? {
        effectiveServerName.map(PeerName.dns) ?? verifiedIPAddress.map(PeerName.ip)
    }
}
