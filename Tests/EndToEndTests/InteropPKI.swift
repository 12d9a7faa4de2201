import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The interop suite's PKI, made with the openssl CLI (`openssl ca`, so every certificate can
/// have dates in the past) into a temporary folder once per test run. Every date is relative to
/// the run's start: nothing committed depends on today's date.
///
/// Root RSA 3072; intermediates EC P-256 (a current one, one that ends in 10 days, one that
/// expired yesterday); leaves EC P-256 with SANs, OCSP and CA Issuers URIs and a CRL
/// distribution point; client certificates from the intermediate and from a rogue root; and a
/// prepared OCSP response (`openssl ocsp`) for the good leaf.
final class InteropPKI: @unchecked Sendable {
    static let shared: Result<InteropPKI, Error> = Result { try InteropPKI() }

    let dir: URL
    let now = Date()
    /// The names every server leaf except `wrong-name` carries.
    static let serverName = "localhost"
    static let dnsNames = ["localhost", "interop.test"]
    static let ocspURI = "http://127.0.0.1:9/ocsp"
    static let caIssuersURI = "http://127.0.0.1:9/intermediate.cer"
    static let crlURI = "http://127.0.0.1:9/intermediate.crl"

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    private init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-interop-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("newcerts"), withIntermediateDirectories: true)
        atexit { if case .success(let pki) = InteropPKI.shared { try? FileManager.default.removeItem(at: pki.dir) } }
        try write("ca.cnf", Self.config(dir.path))
        try write("extensions.cnf", Self.extensions)
        let day = 86400.0

        try key("root", rsa: true)
        try issue("root", cn: "Interop Root CA", by: nil, from: -365 * day, to: 3650 * day, ext: "root_ca")
        try key("intermediate")
        try issue("intermediate", cn: "Interop Intermediate CA", by: "root", from: -30 * day, to: 1825 * day, ext: "intermediate_ca")
        try key("intermediate-soon")
        try issue("intermediate-soon", cn: "Interop Intermediate CA Ending Soon", by: "root", from: -355 * day, to: 10 * day,
                  ext: "intermediate_ca")
        try key("intermediate-expired")
        try issue("intermediate-expired", cn: "Interop Intermediate CA Expired", by: "root", from: -400 * day, to: -1 * day,
                  ext: "intermediate_ca")
        try key("rogue-root")
        try issue("rogue-root", cn: "Interop Rogue Root CA", by: nil, from: -30 * day, to: 3650 * day, ext: "root_ca")

        for (name, issuer, from, to) in [("leaf", "intermediate", -1 * day, 90 * day),
                                         ("leaf-soon", "intermediate-soon", -1 * day, 90 * day),
                                         ("leaf-under-expired", "intermediate-expired", -30 * day, 90 * day),
                                         ("leaf-expired", "intermediate", -100 * day, -10 * day)] {
            try key(name)
            try issue(name, cn: Self.serverName, by: issuer, from: from, to: to, ext: "server_leaf")
        }
        try key("wrong-name")
        try issue("wrong-name", cn: "other.test", by: "intermediate", from: -1 * day, to: 90 * day, ext: "server_wrong_name")
        try key("client")
        try issue("client", cn: "interop-client", by: "intermediate", from: -1 * day, to: 90 * day, ext: "client_leaf")
        try key("client-expired")
        try issue("client-expired", cn: "interop-client-expired", by: "intermediate", from: -100 * day, to: -10 * day, ext: "client_leaf")
        try key("client-rogue")
        try issue("client-rogue", cn: "interop-client-rogue", by: "rogue-root", from: -1 * day, to: 90 * day, ext: "client_leaf")

        // Chain files as servers and clients present them.
        let int = try read("intermediate.pem"), root = try read("root.pem")
        try write("leaf-chain.pem", try read("leaf.pem") + int)
        try write("leaf-root-intermediate.pem", try read("leaf.pem") + root + int)
        try write("leaf-soon-chain.pem", try read("leaf-soon.pem") + (try read("intermediate-soon.pem")))
        try write("leaf-under-expired-chain.pem", try read("leaf-under-expired.pem") + (try read("intermediate-expired.pem")))
        try write("leaf-expired-chain.pem", try read("leaf-expired.pem") + int)
        try write("wrong-name-chain.pem", try read("wrong-name.pem") + int)
        try write("client-chain.pem", try read("client.pem") + int)
        try write("client-expired-chain.pem", try read("client-expired.pem") + int)

        // A good OCSP response for the leaf, signed by its issuer (nginx's ssl_stapling_file).
        try openssl(["ocsp", "-issuer", path("intermediate.pem"), "-cert", path("leaf.pem"), "-no_nonce", "-reqout", path("leaf-ocsp-request.der")])
        try openssl(["ocsp", "-index", path("index-intermediate.txt"), "-rsigner", path("intermediate.pem"), "-rkey", path("intermediate.key"),
                     "-CA", path("intermediate.pem"), "-reqin", path("leaf-ocsp-request.der"), "-respout", path("leaf-ocsp.der"),
                     "-ndays", "7"])
    }

    // MARK: building blocks

    private func key(_ name: String, rsa: Bool = false) throws {
        let options = rsa ? ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072"] : ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]
        try openssl(["genpkey"] + options + ["-out", path(name + ".key")])
    }

    /// `openssl ca` with explicit dates (seconds from now); `by: nil` self-signs.
    private func issue(_ name: String, cn: String, by issuer: String?, from: Double, to: Double, ext: String) throws {
        try openssl(["req", "-new", "-key", path(name + ".key"), "-subj", "/O=Example Corp/OU=meshcert interop/CN=\(cn)",
                     "-out", path(name + ".csr")])
        let database = path("index-\(issuer ?? name).txt")
        if !FileManager.default.fileExists(atPath: database) { try write("index-\(issuer ?? name).txt", "") }
        var args = ["ca", "-batch", "-notext", "-config", path("ca.cnf"), "-in", path(name + ".csr"), "-out", path(name + ".pem"),
                    "-startdate", Self.asn1(now.addingTimeInterval(from)), "-enddate", Self.asn1(now.addingTimeInterval(to)),
                    "-extfile", path("extensions.cnf"), "-extensions", ext]
        if let issuer {
            args += ["-cert", path(issuer + ".pem"), "-keyfile", path(issuer + ".key")]
        } else {
            args += ["-selfsign", "-keyfile", path(name + ".key")]
        }
        // Each issuer has its own database (openssl ocsp reads the intermediate's).
        try openssl(args, environment: ["INTEROP_DB": database])
    }

    func openssl(_ arguments: [String], environment: [String: String] = [:]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["openssl"] + arguments
        p.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try MeshcertBinary.launch(p)
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "openssl \(arguments.prefix(2).joined(separator: " ")) failed: \(text)"])
        }
    }

    func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
    }

    /// `YYYYMMDDHHMMSSZ`, what `openssl ca -startdate/-enddate` take.
    static func asn1(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMddHHmmss'Z'"
        return f.string(from: date)
    }

    static func config(_ dir: String) -> String {
        """
        [ca]
        default_ca = interop
        [interop]
        dir = \(dir)
        database = $ENV::INTEROP_DB
        new_certs_dir = $dir/newcerts
        rand_serial = yes
        default_md = sha256
        policy = any
        unique_subject = no
        copy_extensions = none
        email_in_dn = no
        [any]
        organizationName = optional
        organizationalUnitName = optional
        commonName = supplied
        [req]
        distinguished_name = dn
        [dn]
        """
    }

    static let extensions = """
        [root_ca]
        basicConstraints = critical,CA:TRUE
        keyUsage = critical,keyCertSign,cRLSign
        subjectKeyIdentifier = hash
        [intermediate_ca]
        basicConstraints = critical,CA:TRUE,pathlen:0
        keyUsage = critical,keyCertSign,cRLSign
        subjectKeyIdentifier = hash
        authorityKeyIdentifier = keyid:always
        crlDistributionPoints = URI:http://127.0.0.1:9/root.crl
        [server_leaf]
        basicConstraints = critical,CA:FALSE
        keyUsage = critical,digitalSignature
        extendedKeyUsage = serverAuth
        subjectAltName = DNS:localhost,DNS:interop.test,IP:127.0.0.1
        subjectKeyIdentifier = hash
        authorityKeyIdentifier = keyid:always
        authorityInfoAccess = OCSP;URI:\(ocspURI),caIssuers;URI:\(caIssuersURI)
        crlDistributionPoints = URI:\(crlURI)
        [server_wrong_name]
        basicConstraints = critical,CA:FALSE
        keyUsage = critical,digitalSignature
        extendedKeyUsage = serverAuth
        subjectAltName = DNS:other.test,DNS:www.other.test
        subjectKeyIdentifier = hash
        authorityKeyIdentifier = keyid:always
        authorityInfoAccess = caIssuers;URI:\(caIssuersURI)
        [client_leaf]
        basicConstraints = critical,CA:FALSE
        keyUsage = critical,digitalSignature
        extendedKeyUsage = clientAuth
        subjectKeyIdentifier = hash
        authorityKeyIdentifier = keyid:always
        """
}
