import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM, SIGINT and SIGHUP as bytes on a pipe (the self-pipe trick): the handler only
/// writes the signal number, which is async-signal-safe; the waiting thread does the work.
/// The waiting thread unblocks the three signals for itself, so they arrive even when the
/// process inherited them blocked (children of some test runners and supervisors do).
enum SignalPipe {
    nonisolated(unsafe) private static var writeEnd: Int32 = -1
    nonisolated(unsafe) private static var readEnd: Int32 = -1
    static let signals = [SIGTERM, SIGINT, SIGHUP]

    /// Installs the handlers once; later calls are no-ops.
    static func install() {
        guard readEnd < 0 else { return }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)  // a full pipe drops the byte, never blocks a handler
        readEnd = fds[0]
        writeEnd = fds[1]
        for sig in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signo in
                var byte = UInt8(truncatingIfNeeded: signo)
                _ = write(SignalPipe.writeEnd, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(sig, &action, nil)
        }
    }

    /// Blocks the calling thread until a signal arrives; returns its number.
    static func next() -> Int32 {
        var set = sigset_t()
        sigemptyset(&set)
        for sig in signals { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        while true {
            var byte: UInt8 = 0
            let n = read(readEnd, &byte, 1)
            if n == 1 { return Int32(byte) }
            if n < 0 && errno == EINTR { continue }
            return SIGTERM  // the pipe is gone: stop
        }
    }
}
