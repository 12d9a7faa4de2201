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
        Every check is a real OpenSSL handshake over a real socket (SNI, hostname or IP SAN \
        verification, then a short read that catches a TLS 1.3 server refusing a missing client \
        certificate), diagnosed with one reason (ok, expired, untrusted, client_certificate_required, \
        protocol_mismatch, timeout...), the client authentication the server asks for, and the chain it \
        sent. Reasons, plan format and JSON schema: docs/handshake.md.

          meshcert handshake --connect 10.0.0.7:8443 --server-name users --trust ca.pem
          meshcert handshake --connect svc:443 --trust ca.pem --cert c.pem --key c.key
          meshcert handshake --plan plan.yaml --jobs 4 --format json
          meshcert handshake --connect users:443 --trust root.pem --http-probe /healthz

        Exit codes: 0 every check met its expectation (default: ok); 1 a check missed it; 2 usage \
        error (bad flag, unreadable plan, trust, certificate or key file).
        """
    )

    @Option(name: .long, help: ArgumentHelp("Target HOST:PORT ([v6]:PORT for IPv6).", valueName: "HOST:PORT"))
    var connect: String?

    @Option(name: .long, help: "SNI and verified name (default: the host; none for IP targets, whose IP SAN is checked).")
    var serverName: String?

    @Option(name: .long, help: ArgumentHelp("PEM file of CA certificates to trust.", valueName: "FILE"), completion: .file())
    var trust: String?

    @Option(name: .long, help: ArgumentHelp("Client certificate chain (PEM) to present.", valueName: "FILE"), completion: .file())
    var cert: String?

    @Option(name: .long, help: ArgumentHelp("Private key (PEM) of --cert.", valueName: "FILE"), completion: .file())
    var key: String?

    @Option(name: .customLong("min-tls"), help: "Lowest TLS version to offer: 1.2 or 1.3 (default 1.2).")
    var minTLS: TLSVersion?

    @Option(name: .customLong("max-tls"), help: "Highest TLS version to offer: 1.2 or 1.3 (default 1.3).")
    var maxTLS: TLSVersion?

    @Option(name: .long, help: "Expected reason for --connect (default ok).", transform: HandshakeOptions.reason)
    var expect: HandshakeReason?

    @Option(name: .long, help: ArgumentHelp("A plan of named checks (YAML); see docs/handshake.md.", valueName: "PLAN.yaml"), completion: .file())
    var plan: String?

    @OptionGroup var jobs: ConnectionJobsOption

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

    @OptionGroup var deadline: HandshakeDeadlineOption

    @Option(name: .customLong("read-timeout"), help: "How long to wait after the handshake for the server's post-handshake flight.",
            transform: HandshakeOptions.seconds)
    var readTimeout: Double = 2

    @OptionGroup var format: OutputFormatOption

    func validate() throws {
        if (connect == nil) == (plan == nil) { throw ValidationError("give exactly one of --connect HOST:PORT or --plan PLAN.yaml") }
        if connect != nil && trust == nil { throw ValidationError("--connect needs --trust FILE (the CA certificates to trust)") }
        if plan != nil, [trust, cert, key, serverName].contains(where: { $0 != nil }) || expect != nil || minTLS != nil || maxTLS != nil {
            throw ValidationError("--plan takes trust, certificates, names and TLS versions from the plan; drop --trust/--cert/--key/--server-name/--expect/--min-tls/--max-tls")
        }
        if (cert == nil) != (key == nil) { throw ValidationError("--cert and --key go together") }
        if perHost < 1 { throw ValidationError("--per-host must be at least 1") }
        if repeatCount < 1 { throw ValidationError("--repeat must be at least 1") }
        if warnDays < 0 { throw ValidationError("--warn-days must be 0 or more") }
        if let path = httpProbe, let problem = HTTPProbe.pathProblem(path) { throw ValidationError("--http-probe: " + problem + " (default /)") }
        if let name = serverName, let problem = Target.serverNameProblem(name) { throw ValidationError("--server-name: " + problem) }
        if let problem = TLSVersion.rangeProblem(min: minTLS, max: maxTLS, minName: "--min-tls", maxName: "--max-tls") {
            throw ValidationError(problem)
        }
    }

    func run() throws {
        let verifyAt = time.at?.seconds
        let source: HandshakeRequest.Source = plan.map { .plan($0) } ?? .target(
            connect!, serverName: serverName, expect: expect ?? .ok,
            client: TLSClientConfiguration(trustFile: trust!, certificateFile: cert, keyFile: key, minVersion: minTLS, maxVersion: maxTLS,
                                           verificationTime: verifyAt))
        let request = HandshakeRequest(source: source, verificationTime: verifyAt,
                                       timeouts: HandshakeTimeouts(connect: deadline.timeout, handshake: deadline.timeout, read: readTimeout),
                                       httpProbe: httpProbe, warnDays: warnDays, policy: verification.policy,
                                       engine: EngineOptions(jobs: jobs.jobs, perHost: perHost, repeatCount: repeatCount))
        let (output, allMatched) = try HandshakeCommand.run(request, json: format.json, colour: Terminal.useColour)
        StandardOutput.print(output)
        if !allMatched { throw ExitCode(1) }
    }
}
