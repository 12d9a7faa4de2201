import Foundation
import MeshcertOpenSSL
import MeshcertSupport

/// What `meshcert lab` is asked to build.
public struct LabOptions: Sendable {
    public var topology: LabTopology
    public var fault: LabFault?
    /// The server service the fault goes into (default: the first one called).
    public var faultService: String?
    /// Issuance and verification time.
    public var at: EpochSeconds
    /// The demo PKI (root-ca.pem, intermediate-ca.pem/.key, ca-bundle.pem).
    public var pkiDirectory: String
    /// Where the lab writes its certificates, keys and trust bundles.
    public var workDirectory: String
    public var timeouts: HandshakeTimeouts
    /// How every client judges its server's chain, and mTLS servers their clients'.
    public var verification: VerificationPolicy = .compatible
    /// `lab serve --rotate-every`: Service Connect certificates re-issued on a compressed clock.
    public var rotation: LabRotation?

    public init(topology: LabTopology = .sample, fault: LabFault? = nil, faultService: String? = nil, at: EpochSeconds,
                pkiDirectory: String, workDirectory: String, timeouts: HandshakeTimeouts = HandshakeTimeouts(),
                rotation: LabRotation? = nil) {
        self.topology = topology
        self.fault = fault
        self.faultService = faultService
        self.at = at
        self.pkiDirectory = pkiDirectory
        self.workDirectory = workDirectory
        self.timeouts = timeouts
        self.rotation = rotation
    }
}

/// One running loopback server of the lab.
public struct LabServerInfo: Sendable {
    public var service: String
    public var environment: LabEnvironment
    public var target: Target
    public var serverName: String
    public var tls: String
    public var clientCertificate: ClientAuth
    public var certificate: String
    public var fault: LabFault?
}

/// One cell of the matrix: a client in one world calling a server in one world.
public struct LabCell: Sendable {
    public var client: String
    public var clientEnvironment: LabEnvironment
    public var server: String
    public var serverEnvironment: LabEnvironment
    public var withClientCertificate: Bool
    public var check: HandshakeCheck
}

/// Both worlds on loopback: App Mesh servers (demo PKI, mTLS required, TLS 1.2–1.3) and Service
/// Connect servers (7-day certificates from a fresh lab CA, TLS 1.3 only, its three ciphers, no
/// client certificate), one of each per called service.
public final class LabWorld: @unchecked Sendable {
    public let options: LabOptions
    public let servers: [LabServerInfo]
    public let cells: [LabCell]
    private let running: [LoopbackServer]
    /// What `rotate(now:)` needs: the short-lived CA and each fault-free Service Connect server.
    let shortLivedCA: CertificateAuthority
    let rotatingServers: [(service: String, server: LoopbackServer)]

    static let serviceConnectSuites = ServiceConnectRules.cipherSuites.joined(separator: ":")

    public init(_ options: LabOptions) throws {
        self.options = options
        let fm = FileManager.default
        let work = options.workDirectory
        let pki = options.pkiDirectory
        for name in ["root-ca.pem", "intermediate-ca.pem", "intermediate-ca.key", "ca-bundle.pem"] {
            let path = (pki as NSString).appendingPathComponent(name)
            guard fm.isReadableFile(atPath: path) else {
                throw LabError("the lab needs the demo PKI: cannot read '\(path)' (run from the repository root or pass --pki DIR)")
            }
        }
        func path(_ parts: String...) -> String { parts.reduce(work) { ($0 as NSString).appendingPathComponent($1) } }
        for dir in [work, path("appmesh"), path("serviceconnect")] {
            // mkdir -p by hand: Foundation's error text is a dump of NSError user info.
            var current = dir.hasPrefix("/") ? "" : "."
            for part in dir.split(separator: "/") {
                current += "/" + part
                if mkdir(current, 0o700) != 0 && errno != EEXIST {
                    throw LabError("cannot create the folder '\(dir)': \(String(cString: strerror(errno)))")
                }
            }
        }
        func write(_ text: String, _ file: String, secret: Bool = false) throws {
            guard fm.createFile(atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: secret ? 0o600 : 0o644]) else {
                throw LabError("cannot write '\(file)'")
            }
        }
        let at = options.at
        let day: Int64 = 86400
        let faultService = options.faultService ?? options.topology.servers.first
        if let s = options.faultService, !options.topology.servers.contains(s) {
            throw LabError("--fault-service '\(s)' is not a called service (\(options.topology.servers.joined(separator: ", ")))")
        }

        // CAs: the demo PKI's issuing CA (GENERAL_PURPOSE) and a fresh short-lived CA.
        let appMeshCA = try CertificateAuthority(certificateFile: (pki as NSString).appendingPathComponent("intermediate-ca.pem"),
                                                 keyFile: (pki as NSString).appendingPathComponent("intermediate-ca.key"))
        let shortLivedCA = try CertificateAuthority(selfSignedCommonName: "meshcert lab Service Connect CA", organizationalUnit: "short-lived",
                                                    notBefore: at - day, notAfter: at + 3650 * day)
        let root = try String(contentsOfFile: (pki as NSString).appendingPathComponent("root-ca.pem"), encoding: .utf8)
        let intermediate = appMeshCA.certificatePEM
        try write(root, path("appmesh-trust.pem"))
        try write(shortLivedCA.certificatePEM, path("serviceconnect-ca.pem"))
        try write(shortLivedCA.certificatePEM + root, path("serviceconnect-trust.pem"))
        let clientCA = (pki as NSString).appendingPathComponent("ca-bundle.pem")

        var servers: [LabServerInfo] = []
        var running: [LoopbackServer] = []
        var rotating: [(service: String, server: LoopbackServer)] = []
        do {
            for service in options.topology.servers {
                // App Mesh: 13-month RSA 2048 from the demo issuing CA, mTLS required, TLS 1.2–1.3.
                let am = try appMeshCA.issue(IssuanceRequest(
                    commonName: "\(service).apps.local", organizationalUnit: "meshcert lab appmesh",
                    dnsNames: ["\(service).apps.local", service, "localhost"], ipAddresses: ["127.0.0.1"],
                    notBefore: at - 180 * day, notAfter: at + 215 * day, keyType: .rsa2048))
                try write(am.certificatePEM + intermediate, path("appmesh", "\(service).pem"))
                try write(am.keyPEM, path("appmesh", "\(service).key"), secret: true)
                let amContext = try TLSContext(server: TLSServerConfiguration(
                    certificateChainFile: path("appmesh", "\(service).pem"), keyFile: path("appmesh", "\(service).key"),
                    clientCAFile: clientCA, minVersion: .tls12, maxVersion: .tls13, verificationTime: at,
                    policy: options.verification))
                let amServer = try LoopbackServer(context: amContext, greeting: "\(service) (appmesh)\n")
                running.append(amServer)
                servers.append(LabServerInfo(service: service, environment: .appmesh, target: Target(host: "127.0.0.1", port: amServer.port),
                                             serverName: "\(service).apps.local", tls: "1.2-1.3", clientCertificate: .required,
                                             certificate: "RSA 2048, demo PKI (GENERAL_PURPOSE), 395 days", fault: nil))

                // Service Connect: 7-day EC P-256 from the lab CA, TLS 1.3 only, three ciphers, no mTLS.
                let fault = service == faultService ? options.fault : nil
                var request = IssuanceRequest(
                    commonName: "\(service).sc.internal", organizationalUnit: "meshcert lab serviceconnect",
                    dnsNames: ["\(service).sc.internal", service, "localhost"], ipAddresses: ["127.0.0.1"],
                    notBefore: at - 3600, notAfter: at - 3600 + 7 * day)
                var issuer = shortLivedCA
                var certificate = "EC P-256, lab short-lived CA, 7 days"
                if let rotation = options.rotation, fault == nil {
                    // Rotating: issued now (the real clock), valid for the compressed lifetime.
                    let now = Timestamp.now()
                    (request.notBefore, request.notAfter) = (now, now + rotation.lifetime)
                    certificate = "EC P-256, lab short-lived CA, \(DurationText.format(rotation.lifetime)), re-issued every "
                        + (rotation.stalled.contains(service) ? "(stalled)" : DurationText.format(Int64(rotation.every.rounded())))
                }
                switch fault {
                case .expired:
                    (request.notBefore, request.notAfter) = (at - 8 * day, at - day)
                    certificate = "EC P-256, lab short-lived CA, expired a day ago"
                case .wrongName:
                    request.commonName = "not-\(service).sc.internal"
                    (request.dnsNames, request.ipAddresses) = (["not-\(service).sc.internal"], [])
                    certificate = "EC P-256, lab short-lived CA, names not-\(service).sc.internal"
                case .untrusted:
                    issuer = try CertificateAuthority(selfSignedCommonName: "meshcert lab rogue CA", organizationalUnit: "nobody trusts this",
                                                      notBefore: at - day, notAfter: at + 365 * day)
                    certificate = "EC P-256, 7 days, from a CA nobody trusts"
                default: break
                }
                let sc = try issuer.issue(request)
                try write(sc.certificatePEM, path("serviceconnect", "\(service).pem"))
                try write(sc.keyPEM, path("serviceconnect", "\(service).key"), secret: true)
                let scContext = try TLSContext(server: TLSServerConfiguration(
                    certificateChainFile: path("serviceconnect", "\(service).pem"), keyFile: path("serviceconnect", "\(service).key"),
                    clientCAFile: fault == .mtls ? clientCA : nil,
                    minVersion: fault == .tls12Only ? .tls12 : .tls13, maxVersion: fault == .tls12Only ? .tls12 : .tls13,
                    cipherSuites: LabWorld.serviceConnectSuites, verificationTime: at))
                let scServer = try LoopbackServer(context: scContext, greeting: "\(service) (serviceconnect)\n")
                running.append(scServer)
                if fault == nil { rotating.append((service, scServer)) }
                servers.append(LabServerInfo(service: service, environment: .serviceconnect,
                                             target: Target(host: "127.0.0.1", port: scServer.port),
                                             serverName: "\(service).sc.internal", tls: fault == .tls12Only ? "1.2" : "1.3",
                                             clientCertificate: fault == .mtls ? .required : .none, certificate: certificate, fault: fault))
            }
            // Client identities: each calling service's App Mesh mTLS client certificate.
            for client in options.topology.clients {
                let id = try appMeshCA.issue(IssuanceRequest(
                    commonName: "\(client.name)-client", organizationalUnit: "meshcert lab mtls clients",
                    dnsNames: ["\(client.name).apps.local"], notBefore: at - 180 * day, notAfter: at + 215 * day,
                    serverAuth: false, clientAuth: true))
                try write(id.certificatePEM + intermediate, path("appmesh", "\(client.name)-client.pem"))
                try write(id.keyPEM, path("appmesh", "\(client.name)-client.key"), secret: true)
            }
        } catch {
            running.forEach { $0.stop() }
            throw error
        }
        self.servers = servers
        self.running = running
        self.shortLivedCA = shortLivedCA
        self.rotatingServers = rotating

        // The matrix: each client × each server it calls × each world pair × with/without a client certificate.
        var cells: [LabCell] = []
        for client in options.topology.clients {
            for clientEnv in LabEnvironment.allCases {
                for serverName in client.calls {
                    for serverEnv in LabEnvironment.allCases {
                        let info = servers.first { $0.service == serverName && $0.environment == serverEnv }!
                        for withCert in [true, false] {
                            let config = TLSClientConfiguration(
                                trustFile: clientEnv == .appmesh ? path("appmesh-trust.pem") : path("serviceconnect-trust.pem"),
                                certificateFile: withCert ? path("appmesh", "\(client.name)-client.pem") : nil,
                                keyFile: withCert ? path("appmesh", "\(client.name)-client.key") : nil,
                                minVersion: clientEnv == .serviceconnect ? .tls13 : .tls12, verificationTime: at,
                                policy: options.verification)
                            let name = "\(client.name)@\(clientEnv.rawValue)->\(serverName)@\(serverEnv.rawValue)"
                                + (withCert ? "+cert" : "")
                            let expect = LabWorld.expectation(clientEnv: clientEnv, server: info, withClientCertificate: withCert)
                            cells.append(LabCell(client: client.name, clientEnvironment: clientEnv, server: serverName,
                                                 serverEnvironment: serverEnv, withClientCertificate: withCert,
                                                 check: HandshakeCheck(name: name, clientService: client.name, serverService: serverName,
                                                                       target: info.target, serverName: info.serverName, client: config,
                                                                       expect: expect, timeouts: options.timeouts)))
                        }
                    }
                }
            }
        }
        self.cells = cells
    }

    public func stop() {
        running.forEach { $0.stop() }
    }

    /// Runs the whole matrix once.
    public func runMatrix(jobs: Int) throws -> [HandshakeCheckResult] {
        try HandshakeEngine.run(cells.map(\.check), options: EngineOptions(jobs: jobs))
    }
}
