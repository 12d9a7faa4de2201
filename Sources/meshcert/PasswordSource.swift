import Foundation
import MeshcertSupport

/// Passwords come from files or the environment, never from argv (visible in `ps`).
enum PasswordSource {
    static func pkcs12Passwords(file: String?) throws -> [String] {
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

/// Sizes such as `4MiB`, `512KiB`, `1048576`.
enum ByteSize {
    static func parse(_ text: String) -> Int? {
        let units: [(String, Int)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10), ("B", 1)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let n = Int(text.dropLast(suffix.count)), n >= 0 else { return nil }
            return n * factor
        }
        guard let n = Int(text), n >= 0 else { return nil }
        return n
    }
}
