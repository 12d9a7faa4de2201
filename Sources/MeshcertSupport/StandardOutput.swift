#if canImport(Glibc)
import Glibc
#endif

/// Raw writes to standard output for large results (no String round trip).
public enum StandardOutput {
    public static func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(1, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 { if errno == EINTR { continue }; return }
            offset += n
        }
    }
}
