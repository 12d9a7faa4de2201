internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// meshcert holds private keys and PKCS#12 passwords in memory while it works; a core file of
/// the process would carry them to disk (or to a crash collector). Every command starts by
/// turning core dumps off: RLIMIT_CORE 0 (soft and hard, so it cannot be raised again) stops a
/// plain core file, and "not dumpable" also stops a piped collector (systemd-coredump, apport),
/// which the kernel feeds whatever RLIMIT_CORE says, and same-user ptrace attaches.
public enum CoreDumps {
    /// Set to 1 to keep core dumps on (debugging meshcert itself, or a non-root AddressSanitizer
    /// build, whose leak checker must ptrace the process).
    public static let allowVariable = "MESHCERT_ALLOW_CORE_DUMPS"

    /// Turns core dumps off for this process, unless the variable allows them. (Children inherit
    /// RLIMIT_CORE; the not-dumpable flag is reset by a child's execve, and meshcert runs none.)
    /// Returns false only when the system refused (the caller may warn; the run goes on).
    @discardableResult
    public static func disable() -> Bool {
        if let allow = getenv(allowVariable), String(cString: allow) == "1" { return true }
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        let limited = setrlimit(Int32(RLIMIT_CORE.rawValue), &none) == 0
        let undumpable = mc_prctl_set_not_dumpable() == 0
        return limited && undumpable
    }
}
