import ArgumentParser
import MeshcertOpenSSL

/// The verification policy's options, the same for every command that judges a chain
/// (`scan --trust`, `handshake`, `lab`, `verify`).
struct VerificationOptions: ParsableArguments {
    @Option(name: .customLong("verify-profile"),
            help: "compatible (default: what the Envoy proxies on both sides accept) or strict (RFC 5280: X509_STRICT, security level 2, partial chains).")
    var profile: VerificationPolicy.Profile = .compatible

    @Option(name: .customLong("max-depth"), help: "The most intermediates a chain may hold (OpenSSL's verify depth).")
    var maxDepth: Int?

    @Option(name: .customLong("crl"), help: ArgumentHelp("CRL file (PEM or DER); revocation is then checked for the whole chain. Repeatable.", valueName: "file"), completion: .file())
    var crl: [String] = []

    @Flag(name: .customLong("partial-chain"), help: "Trust a certificate of the trust file even when it is not self-signed (always on in strict).")
    var partialChain = false

    @Flag(help: "Also fail serial numbers that are not positive or longer than 20 octets, leaf EKUs the purpose does not allow, leaves with keyCertSign, and subscriber keys below RSA 2048 / P-256.")
    var pedantic = false

    func validate() throws {
        if let maxDepth, maxDepth < 0 { throw ValidationError("--max-depth must be 0 or more") }
    }

    var policy: VerificationPolicy {
        VerificationPolicy(profile: profile, maxDepth: maxDepth, partialChain: partialChain, crlFiles: crl, pedantic: pedantic)
    }
}

extension VerificationPolicy.Profile: ExpressibleByArgument {}
extension VerificationPurpose: ExpressibleByArgument {}
