import ArgumentParser
import MeshcertOpenSSL
import MeshcertSupport
import MeshcertVerify

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify one certificate's chain to trust anchors, under a named policy.",
        discussion: """
        The first certificate of PEER is verified to the --trust anchors, the rest of PEER and every \
        --chain file offered as intermediates. The output gives the path OpenSSL built, the verdict, \
        OpenSSL's reason and code name, and the policy: profile compatible (default: what Envoy accepts) \
        or strict (RFC 5280), --pedantic for checks OpenSSL does not make. Reference: docs/verify.md.

          meshcert verify leaf.pem --trust root.pem --chain int.pem --name api.internal
          meshcert verify leaf.pem --trust root.pem --verify-profile strict
          meshcert verify client.pem --trust ca.pem --purpose client --crl ca.crl

        Exit codes: 0 verified; 1 not verified; 2 usage error or unreadable input (each file named).
        """
    )

    @Argument(help: ArgumentHelp("The certificate to verify (PEM, DER, PKCS#7, PKCS#12); more certificates in the file are offered as intermediates.", valueName: "peer"), completion: .file())
    var peer: String

    @Option(help: "Trust anchors (PEM/DER/PKCS#7/PKCS#12 file). Repeatable; at least one.", completion: .file())
    var trust: [String] = []

    @Option(help: "Intermediates offered for path building. Repeatable.", completion: .file())
    var chain: [String] = []

    @Option(help: ArgumentHelp("The DNS name or IP address the certificate must be valid for.", valueName: "host|ip"))
    var name: String?

    @Option(help: "server or client: the leaf's EKU and OpenSSL's purpose checks follow.")
    var purpose: VerificationPurpose?

    @OptionGroup var time: EvaluationTimeOption

    @OptionGroup var verification: VerificationOptions

    @Option(help: "Output format: text or json (schema meshcert.verify.v1).")
    var format: VerifyFormat = .text

    @OptionGroup var pkcs12: PKCS12PasswordOption

    func validate() throws {
        if trust.isEmpty { throw ValidationError("--trust is required: the anchors to verify to") }
        if let name, name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--name is empty: give the DNS name or IP address to check, or leave --name out")
        }
    }

    func run() throws {
        var request = VerifyRequest(peerFile: peer, trustFiles: trust, chainFiles: chain, name: name.map(PeerName.init),
                                    purpose: purpose, at: time.time, policy: verification.policy)
        request.pkcs12Passwords = try pkcs12.passwords()
        let document: VerifyDocument
        do { document = try CertificateVerification.run(request) }
        catch { throw CommandFailure(error.items.map { "\($0.place): \($0.message)" }.joined(separator: "\n")) }
        switch format {
        case .text: StandardOutput.print(VerifyText.render(document), terminator: "")
        case .json: StandardOutput.print(try document.render())
        }
        if !document.verified { throw ExitCode(1) }
    }
}

enum VerifyFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
