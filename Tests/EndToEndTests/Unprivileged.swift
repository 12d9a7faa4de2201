import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Running meshcert as an unprivileged user from a test that may run as root (CI does): root
/// reads every file whatever its mode and owns every process's /proc files, so tests of file
/// permissions and of process hardening run the binary as nobody (uid/gid 65534) through setpriv
/// (util-linux, on every Debian/Ubuntu) or runuser.
enum Unprivileged {
    static let uid: uid_t = geteuid() == 0 ? 65534 : geteuid()

    /// The command prefix that runs a program as nobody: empty when not root (we already are
    /// unprivileged), nil when root and no tool can drop privileges.
    static let launcher: [String]? = {
        guard geteuid() == 0 else { return [] }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for (tool, arguments) in [("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups"]),
                                  ("runuser", ["-u", "nobody", "--"])] {
            for dir in path + ["/usr/bin", "/usr/sbin", "/bin", "/sbin"]
            where FileManager.default.isExecutableFile(atPath: dir + "/" + tool) {
                return [dir + "/" + tool] + arguments
            }
        }
        return nil
    }()

    static let unavailable = "running as root and neither setpriv nor runuser is installed: cannot run as an unprivileged user"

    /// A copy of the built binary that everyone can read and run (the checkout may sit where
    /// nobody cannot reach, such as /root).
    static func copyOfBinary(in bin: String) throws -> URL {
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        #expect(chmod(bin, 0o755) == 0)
        let binary = bin + "/meshcert"
        try FileManager.default.copyItem(atPath: MeshcertBinary.executable.path, toPath: binary)
        #expect(chmod(binary, 0o755) == 0)
        return URL(fileURLWithPath: binary)
    }
}
