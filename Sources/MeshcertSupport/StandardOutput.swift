#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Synchronization

/// Standard output: raw writes for large results (no String round trip), and the check at exit
/// that everything printed arrived.
public enum StandardOutput {
    /// The errno of the first failed write (0: none). Later raw writes are skipped.
    private static let firstError = Atomic<Int32>(0)

    public static func write(_ bytes: [UInt8]) {
        guard firstError.load(ordering: .relaxed) == 0 else { return }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(1, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                // A non-blocking descriptor handed over by the caller: wait until it drains.
                if errno == EAGAIN || errno == EWOULDBLOCK, waitUntilWritable() { continue }
                firstError.store(errno, ordering: .relaxed)
                return
            }
            offset += n
        }
    }

    /// `print` for meshcert's own results: raw writes, so that a failure keeps its reason (stdio
    /// only remembers that a write failed) and lines reach a pipe as they are printed.
    public static func print(_ text: String, terminator: String = "\n") {
        var bytes = Array(text.utf8)
        bytes.append(contentsOf: terminator.utf8)
        write(bytes)
    }

    private static func waitUntilWritable() -> Bool {
        var pending = pollfd(fd: 1, events: Int16(POLLOUT), revents: 0)
        while true {
            let r = poll(&pending, 1, -1)
            if r > 0 { return pending.revents & Int16(POLLOUT) != 0 }
            if r < 0 && errno == EINTR { continue }
            return false
        }
    }

    /// Standard input, output and error that were closed (`>&-`) are opened on /dev/null the
    /// wrong way round (output read-only, input write-only), so that the next file meshcert
    /// opens (a certificate, a key, watch's database) can never become descriptor 0, 1 or 2 and
    /// receive the output, while writing to them still fails and is reported.
    public static func reserveStandardDescriptors() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let placeholder = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY)
            if placeholder >= 0 && placeholder != fd {   // not the lowest free descriptor: move it there
                _ = dup2(placeholder, fd)
                close(placeholder)
            }
        }
    }

    /// From now on, a process that could not write all of its standard output (a full disk, a
    /// closed descriptor, a reader that went away while SIGPIPE is ignored) says so on stderr and
    /// exits 2 instead of its command's status: a script must never take a missing inventory or
    /// report for success. Checked at exit, after the last `print`, by flushing stdio first.
    public static func checkAtExit() {
        atexit {
            let flushed = fflush(stdout) == 0
            let flushError = flushed ? 0 : errno
            let failed = !flushed || ferror(stdout) != 0 || StandardOutput.firstError.load(ordering: .relaxed) != 0
            guard failed else { return }
            let code = flushError != 0 ? flushError : StandardOutput.firstError.load(ordering: .relaxed)
            let reason = code != 0 ? String(cString: strerror(code)) : "write error"
            Terminal.warn("meshcert: error: could not write standard output: \(reason)")
            _exit(2)
        }
    }
}
