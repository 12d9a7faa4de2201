#if canImport(Glibc)
import Glibc
#endif

/// OpenSSL writes to sockets with write(2): a peer that already closed would raise SIGPIPE and
/// kill the process. Ignoring it turns that into an EPIPE error the handshake reports.
enum BrokenPipe {
    static let ignored: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()
}
