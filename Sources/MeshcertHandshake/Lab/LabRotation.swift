import Foundation
import MeshcertOpenSSL
import MeshcertSupport

/// The lab's compressed clock (`lab serve --rotate-every 3s --lifetime 5s --stall SERVICE`):
/// every fault-free Service Connect server gets a fresh short-lived certificate on the cadence,
/// except the stalled ones, whose certificate ages until it expires, as when renewal stops.
public struct LabRotation: Sendable, Equatable {
    /// Seconds between two re-issues.
    public var every: Double
    /// Validity of each certificate, seconds.
    public var lifetime: Int64
    /// Services whose rotation is stopped.
    public var stalled: [String]

    public init(every: Double, lifetime: Int64, stalled: [String] = []) {
        self.every = every
        self.lifetime = lifetime
        self.stalled = stalled
    }
}

extension LabWorld {
    /// Re-issues the certificate of every rotating, non-stalled Service Connect server, valid
    /// from `now` for the rotation's lifetime; new connections get it at once. Returns
    /// "service serial" for each re-issue.
    public func rotate(now: EpochSeconds) throws -> [String] {
        guard let rotation = options.rotation else { return [] }
        var out: [String] = []
        for (service, server) in rotatingServers where !rotation.stalled.contains(service) {
            let issued = try shortLivedCA.issue(IssuanceRequest(
                commonName: "\(service).sc.internal", organizationalUnit: "meshcert lab serviceconnect",
                dnsNames: ["\(service).sc.internal", service, "localhost"], ipAddresses: ["127.0.0.1"],
                notBefore: now, notAfter: now + rotation.lifetime))
            // TLSContext reads files: each issue writes its own pair, removed once loaded.
            let folder = (options.workDirectory as NSString).appendingPathComponent("serviceconnect")
            let base = (folder as NSString).appendingPathComponent("\(service)-\(now)")
            let fm = FileManager.default
            guard fm.createFile(atPath: base + ".pem", contents: Data(issued.certificatePEM.utf8), attributes: [.posixPermissions: 0o644]),
                  fm.createFile(atPath: base + ".key", contents: Data(issued.keyPEM.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw LabError("cannot write '\(base).pem'")
            }
            let context = try TLSContext(server: TLSServerConfiguration(
                certificateChainFile: base + ".pem", keyFile: base + ".key", clientCAFile: nil,
                minVersion: .tls13, maxVersion: .tls13, cipherSuites: LabWorld.serviceConnectSuites, verificationTime: options.at))
            server.use(context)
            // The context holds certificate and key in memory: the files are not needed any more.
            try? fm.removeItem(atPath: base + ".pem")
            try? fm.removeItem(atPath: base + ".key")
            out.append("\(service) \(X509CertificateSerial.of(pem: issued.certificatePEM))")
        }
        return out
    }
}

/// The serial of a PEM certificate, for the lab's rotation log.
enum X509CertificateSerial {
    static func of(pem: String) -> String {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let der = Data(base64Encoded: body), let cert = try? der.withUnsafeBytes({ try X509Certificate(der: $0) }) else { return "?" }
        return cert.serial
    }
}
