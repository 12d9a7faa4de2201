import Foundation

/// Passwords come from files or the environment, never from argv (visible in `ps`).
public enum PasswordSource {
    /// Candidate PKCS#12 passwords: each line of `file`, then MESHCERT_PKCS12_PASSWORD.
    public static func pkcs12Passwords(file: String?) throws -> [String] {
        var passwords: [String] = []
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CommandFailure("--pkcs12-password-file: cannot read \(file)")
            }
            for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
                passwords.append(String(line))
            }
        }
        if let env = ProcessInfo.processInfo.environment["MESHCERT_PKCS12_PASSWORD"], !env.isEmpty {
            passwords.append(env)
        }
        return passwords
    }
}
