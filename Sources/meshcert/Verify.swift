import ArgumentParser
import MeshcertOpenSSL
import MeshcertSupport
import MeshcertVerify

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify one certificate's chain to trust anchors, under a named policy.",
        discussion: """
        The first certificate of PEER is verified; the rest of PEER and every --chain file are
        offered as intermediates (whatever their CA bit, so that OpenSSL names what is wrong
        with one). OpenSSL builds the path; the output gives that path (subject, role, notAfter),
        the verdict, OpenSSL's reason and its code name (X509_V_ERR_...), and the policy.
        notAfter is inclusive (RFC 5280): a certificate is valid through its last second.

        Profiles: compatible (default) accepts what the Envoy proxies on both sides of a
        migration accept; strict is RFC 5280 as x509-limbo's OpenSSL harness drives it
        (X509_V_FLAG_X509_STRICT, security level 2, any trusted certificate is an anchor).
        When compatible accepts a chain that strict rejects, the warning
        strict_validation_failed says why. --pedantic adds checks OpenSSL does not make:
        serial_not_positive, serial_too_long, leaf_eku_missing, leaf_eku_not_allowed,
        leaf_key_cert_sign, weak_subscriber_key.

        Examples:
          meshcert verify leaf.pem --trust root.pem --chain intermediate.pem --name api.internal
          meshcert verify leaf.pem --trust root.pem --verify-profile strict --format json
          meshcert verify client.pem --trust ca.pem --purpose client --crl ca.crl --at 2026-12-01

        Exit codes:
          0  verified
          1  not verified
          2  usage error or unreadable input (each file named)
        """
    )

    @Argument(help: ArgumentHelp("The certificate to verify (PEM, DER, PKCS#7); more certificates in the file are offered as intermediates.", valueName: "peer"))
    var peer: String

    @Option(help: "Trust anchors (PEM/DER/PKCS#7 file). Repeatable; at least one.")
    var trust: [String] = []

    @Option(help: "Intermediates offered for path building. Repeatable.")
    var chain: [String] = []

    @Option(help: ArgumentHelp("The DNS name or IP address the certificate must be valid for.", valueName: "host|ip"))
    var name: String?

    @Option(help: "server or client: the leaf's EKU and OpenSSL's purpose checks follow.")
    var purpose: VerificationPurpose?

    @OptionGroup var time: EvaluationTimeOption

    @OptionGroup var verification: VerificationOptions

    @Option(help: "Output format: text or json (schema meshcert.verify.v1).")
    var format: VerifyFormat = .text

    func validate() throws {
        if trust.isEmpty { throw ValidationError("--trust is required: the anchors to verify to") }
    }

    func run() throws {
        let request = VerifyRequest(peerFile: peer, trustFiles: trust, chainFiles: chain, name: name.map(PeerName.init),
                                    purpose: purpose, at: time.time, policy: verification.policy)
        let document: VerifyDocument
        do { document = try CertificateVerification.run(request) }
        catch { throw CommandFailure(error.items.map { "\($0.place): \($0.message)" }.joined(separator: "\n")) }
        switch format {
        case .text: print(VerifyText.render(document), terminator: "")
        case .json: print(try document.render())
        }
        if !document.verified { throw ExitCode(1) }
    }
}

enum VerifyFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
