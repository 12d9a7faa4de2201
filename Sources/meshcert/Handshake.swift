import ArgumentParser
import Foundation
import MeshcertHandshake
import MeshcertOpenSSL
import MeshcertSupport

struct Handshake: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handshake",
        abstract: "Run real TLS handshakes and diagnose each failure precisely.",
        discussion: """
        Every check is a real OpenSSL handshake over a real socket: TCP connect, TLS handshake \
        with SNI and hostname verification (IP targets: IP SAN check, no SNI), then a short read \
        so that a TLS 1.3 server refusing a missing client certificate after SSL_connect is caught.

        One target:
          meshcert handshake --connect 127.0.0.1:8443 --server-name users.sc.internal \\
            --trust Certs/short-lived/short-lived-ca.pem --at 2026-12-02T00:00:00Z
        With a client certificate (mutual TLS):
          meshcert handshake --connect users:8443 --trust Certs/pki/root-ca.pem \\
            --cert Certs/pki/frontend-client.pem --key Certs/pki/frontend-client.key
        Many targets from a plan (named checks with expectations), 4 at a time:
          meshcert handshake --plan plan.yaml --jobs 4 --format json
        Load: --repeat 200 adds handshakes per second and p50/p99 latency per check.
        Behind a reverse proxy that refuses at the HTTP level (nginx ssl_verify_client):
          meshcert handshake --connect users:443 --trust root.pem --http-probe /healthz

        Reasons: ok, expired, not_yet_valid, untrusted, incomplete_chain,
        hostname_mismatch, client_certificate_required,
        client_certificate_rejected, protocol_mismatch, connection_refused,
        timeout, dns_failure, not_tls, handshake_failure (OpenSSL's words in
        detail). clientAuth: none | requested | required; with --cert, a second
        handshake without the certificate tells requested from required.
        Every check also reports chain (complete, missingIssuer, order,
        superfluous, earliestExpiry, expiringSoon), ocspStapled and warnings
        (chain_expiring_soon, chain_misordered, superfluous_certificates,
        incomplete_chain); see docs/handshake.md.

        Exit codes: 0 every check met its expectation (default: ok);
        1 a check missed it; 2 usage error (bad flag, unreadable plan, trust,
        certificate or key file).
        """
    )

    @Option(name: .long, help: ArgumentHelp("Target HOST:PORT ([v6]:PORT for IPv6).", valueName: "HOST:PORT"))
    var connect: String?

    @Option(name: .long, help: "SNI and verified name (default: the host; none for IP targets, whose IP SAN is checked).")
    var serverName: String?

    @Option(name: .long, help: ArgumentHelp("PEM file of CA certificates to trust.", valueName: "FILE"))
    var trust: String?

    @Option(name: .long, help: ArgumentHelp("Client certificate chain (PEM) to present.", valueName: "FILE"))
    var cert: String?

    @Option(name: .long, help: ArgumentHelp("Private key (PEM) of --cert.", valueName: "FILE"))
    var key: String?

    @Option(name: .customLong("min-tls"), help: "Lowest TLS version to offer: 1.2 or 1.3 (default 1.2).")
    var minTLS: TLSVersion?

    @Option(name: .customLong("max-tls"), help: "Highest TLS version to offer: 1.2 or 1.3 (default 1.3).")
    var maxTLS: TLSVersion?

    @Option(name: .long, help: "Expected reason for --connect (default ok).", transform: HandshakeOptions.reason)
    var expect: HandshakeReason?

    @Option(name: .long, help: ArgumentHelp("A plan of named checks (YAML); see docs/handshake.md.", valueName: "PLAN.yaml"))
    var plan: String?

    @Option(name: .long, help: "Connections in flight at once.")
    var jobs: Int = 4

    @Option(name: .customLong("per-host"), help: "Connections in flight per host at once.")
    var perHost: Int = 5

    @Option(name: .customLong("repeat"), help: "Run every check N times; adds handshakes/s and p50/p99 per check.")
    var repeatCount: Int = 1

    @OptionGroup var time: EvaluationTimeOption

    @Option(name: .customLong("warn-days"),
            help: "chain.expiringSoon when a certificate of the chain has fewer days left (short-lived certificates: 2/7 of their lifetime).")
    var warnDays: Int = 30

    @Option(name: .customLong("http-probe"),
            help: ArgumentHelp("After the handshake, GET PATH (HTTP/1.1) and read the status: catches servers that refuse callers at the HTTP level. PATH defaults to /.",
                               valueName: "PATH"))
    var httpProbe: String?

    @OptionGroup(title: "Chain verification") var verification: VerificationOptions

    @Option(name: .long, help: "Connect deadline and handshake deadline, each (5s, 1500ms).", transform: HandshakeOptions.seconds)
    var timeout: Double = 5

    @Option(name: .customLong("read-timeout"), help: "How long to wait after the handshake for the server's post-handshake flight.",
            transform: HandshakeOptions.seconds)
    var readTimeout: Double = 2

    @Option(name: .long, help: "table or json.")
    var format: OutputFormat = .table

    func validate() throws {
        if (connect == nil) == (plan == nil) { throw ValidationError("give exactly one of --connect HOST:PORT or --plan PLAN.yaml") }
        if connect != nil && trust == nil { throw ValidationError("--connect needs --trust FILE (the CA certificates to trust)") }
        if plan != nil, [trust, cert, key, serverName].contains(where: { $0 != nil }) || expect != nil || minTLS != nil || maxTLS != nil {
            throw ValidationError("--plan takes trust, certificates, names and TLS versions from the plan; drop --trust/--cert/--key/--server-name/--expect/--min-tls/--max-tls")
        }
        if (cert == nil) != (key == nil) { throw ValidationError("--cert and --key go together") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if perHost < 1 { throw ValidationError("--per-host must be at least 1") }
        if repeatCount < 1 { throw ValidationError("--repeat must be at least 1") }
        if warnDays < 0 { throw ValidationError("--warn-days must be 0 or more") }
        if let path = httpProbe, !path.hasPrefix("/") { throw ValidationError("--http-probe takes a path starting with / (default /)") }
    }

    func run() throws {
        let verifyAt = time.at?.seconds
        let timeouts = HandshakeTimeouts(connect: timeout, handshake: timeout, read: readTimeout)
        var checks: [HandshakeCheck]
        if let plan {
            do {
                checks = try HandshakePlan.load(path: plan, timeouts: timeouts, at: verifyAt)
            } catch let error as HandshakePlan.Error {
                throw CommandFailure(error.description)
            }
            // The command line's probe applies to checks whose plan entry names none.
            for i in checks.indices where checks[i].httpProbe == nil { checks[i].httpProbe = httpProbe }
        } else {
            guard let target = Target(parsing: connect!) else {
                throw CommandFailure("--connect '\(connect!)' is not HOST:PORT")
            }
            for file in [trust, cert, key].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: file) {
                throw CommandFailure("cannot read '\(file)'")
            }
            let client = TLSClientConfiguration(trustFile: trust!, certificateFile: cert, keyFile: key,
                                                minVersion: minTLS, maxVersion: maxTLS,
                                                verificationTime: verifyAt)
            let expected = expect ?? .ok
            checks = [HandshakeCheck(name: target.description, target: target, serverName: serverName, client: client,
                                     expect: expected, timeouts: timeouts, httpProbe: httpProbe)]
        }
        for i in checks.indices {
            checks[i].warnDays = warnDays
            checks[i].client.policy = verification.policy   // plans name no policy: the command line's applies
        }
        let results: [HandshakeCheckResult]
        do {
            results = try HandshakeEngine.run(checks, options: EngineOptions(jobs: jobs, perHost: perHost, repeatCount: repeatCount))
        } catch {
            throw CommandFailure("\(error)")
        }
        if format == .json {
            print(try HandshakeDocument(results: results, at: verifyAt).render())
        } else {
            print(HandshakeReport.table(results, colour: Terminal.useColour))
        }
        if results.contains(where: { !$0.matchedExpectation }) { throw ExitCode(1) }
    }
}

/// Flag parsing shared by `handshake` and `lab`.
enum HandshakeOptions {
    /// `5s`, `1500ms`: a deadline in seconds.
    static func seconds(_ text: String) throws -> Double {
        guard let s = TimeoutText.seconds(text) else { throw ValidationError("'\(text)' is not a duration (5s, 1500ms)") }
        return s
    }

    static func reason(_ text: String) throws -> HandshakeReason {
        guard let r = HandshakeReason(rawValue: text) else {
            throw ValidationError("'\(text)' is not a reason code (\(HandshakeReason.allCodes))")
        }
        return r
    }
}

extension TLSVersion: ExpressibleByArgument {}
