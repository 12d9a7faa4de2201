import ArgumentParser
import MeshcertSupport

/// `--pkcs12-password-file`, shared by `scan`, `verify` and `report`: passwords come from a file or the
/// environment, never from argv (visible in `ps`).
struct PKCS12PasswordOption: ParsableArguments {
    @Option(name: .customLong("pkcs12-password-file"), help: ArgumentHelp(
        "Candidate PKCS#12 passwords, one per line (never printed); MESHCERT_PKCS12_PASSWORD adds one.", valueName: "file"))
    var file: String?

    func passwords() throws -> [String] { try PasswordSource.pkcs12Passwords(file: file) }
}
