internal import COpenSSL

/// An OpenSSL failure with the error queue that explains it, drained at the failing call.
/// The queue is per thread: call `OpenSSLError.drain` right after the failing call, on the same
/// thread, never across an `await`.
public struct OpenSSLError: Error, Sendable, CustomStringConvertible {
    /// What meshcert was doing (`"d2i_X509"`, `"SSL_CTX_use_certificate"`...).
    public let operation: String
    /// OpenSSL's own reason strings, oldest first (`"error:0A00045C:SSL routines::tlsv13 alert certificate required"`).
    public let messages: [String]
    /// The packed error codes, oldest first.
    public let codes: [UInt]

    public init(operation: String, messages: [String], codes: [UInt]) {
        self.operation = operation
        self.messages = messages
        self.codes = codes
    }

    /// Empties this thread's error queue into an error value.
    public static func drain(_ operation: String) -> OpenSSLError {
        let (messages, codes) = OpenSSLErrorQueue.drain()
        return OpenSSLError(operation: operation, messages: messages, codes: codes)
    }

    /// The library reason of the newest error, e.g. "tlsv13 alert certificate required".
    public var reason: String? {
        codes.last.map { OpenSSLErrorQueue.reasonString($0) }
    }

    public var description: String {
        messages.isEmpty ? "\(operation) failed" : "\(operation) failed: \(messages.joined(separator: "; "))"
    }
}

/// Access to this thread's OpenSSL error queue.
public enum OpenSSLErrorQueue {
    /// Removes and returns every queued error (messages and packed codes), oldest first.
    public static func drain() -> (messages: [String], codes: [UInt]) {
        var messages: [String] = []
        var codes: [UInt] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            codes.append(code)
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            messages.append(String(decoding: bytes, as: UTF8.self))
        }
        return (messages, codes)
    }

    /// Drops queued errors that were expected (end of a PEM stream, a key mismatch probe).
    public static func clear() {
        ERR_clear_error()
    }

    public static func reasonString(_ code: UInt) -> String {
        if let r = ERR_reason_error_string(code) { return String(cString: r) }
        return "error \(String(code, radix: 16))"
    }

    /// The reason number of a packed code (`ERR_GET_REASON`).
    public static func reasonCode(_ code: UInt) -> Int32 {
        ERR_GET_REASON(code)
    }
}
