import Foundation

/// What a failed aws CLI call means for the snapshot, read from the CLI's standard error.
public struct AWSCLIError: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The service refused for now (rate limits): retried with backoff.
        case throttled
        /// The endpoint does not implement the operation (an emulator's 404, an older API or CLI):
        /// the call is recorded as skipped.
        case notImplemented
        /// Anything else: the call is recorded as failed.
        case failed
    }

    public var kind: Kind
    /// The AWS error code (`AccessDeniedException`...) or meshcert's own (`not_implemented`,
    /// `endpoint_unreachable`, `no_credentials`, `cli_failed`).
    public var code: String
    /// One line, at most 300 characters.
    public var message: String

    public init(kind: Kind, code: String, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    static let throttlingCodes: Set<String> = [
        "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded",
        "ThrottledException", "RequestThrottled", "RequestThrottledException", "SlowDown",
        "PriorRequestNotComplete", "429",
    ]
    static let notImplementedCodes: Set<String> = [
        "404", "501", "NotImplemented", "NotImplementedException", "InvalidAction", "UnknownOperationException",
        "UnsupportedOperation", "UnsupportedOperationException",
    ]

    /// Classifies the standard error of a failed call. The aws CLI (v1 and v2) prints service
    /// errors as `An error occurred (CODE) when calling the OPERATION operation[ (reached max
    /// retries: N)]: MESSAGE`; transport and set-up errors have their own sentences.
    public static func classify(standardError: String) -> AWSCLIError {
        let text = standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        if let (code, message) = serviceError(text) {
            let kind: Kind = throttlingCodes.contains(code) ? .throttled
                : notImplementedCodes.contains(code) || message.lowercased().contains("not yet implemented") ? .notImplemented
                : .failed
            return AWSCLIError(kind: kind, code: kind == .notImplemented ? "not_implemented" : code,
                               message: oneLine(kind == .notImplemented ? "\(code): \(message)" : message))
        }
        let lower = text.lowercased()
        if lower.contains("could not connect to the endpoint url") || lower.contains("connect timeout on endpoint url")
            || lower.contains("read timeout on endpoint url") || lower.contains("connection was closed before we received")
            || lower.contains("failed to establish a new connection") {
            return AWSCLIError(kind: .failed, code: "endpoint_unreachable", message: oneLine(lastLine(text)))
        }
        if lower.contains("unable to locate credentials") || lower.contains("could not be found") && lower.contains("profile")
            || lower.contains("error when retrieving token from sso") || lower.contains("the sso session") {
            return AWSCLIError(kind: .failed, code: "no_credentials", message: oneLine(lastLine(text)))
        }
        // A service or operation this aws CLI does not know (an older CLI): "Invalid choice".
        if lower.contains("invalid choice") {
            return AWSCLIError(kind: .notImplemented, code: "not_implemented",
                               message: "this aws CLI does not know the operation (upgrade the aws CLI)")
        }
        if lower.contains("429") && lower.contains("too many requests") {
            return AWSCLIError(kind: .throttled, code: "429", message: oneLine(lastLine(text)))
        }
        return AWSCLIError(kind: .failed, code: "cli_failed", message: oneLine(text.isEmpty ? "the aws CLI failed without a message" : lastLine(text)))
    }

    /// `(CODE, MESSAGE)` of the CLI's `An error occurred (CODE) when calling the OP operation
    /// [(reached max retries: N)]: MESSAGE`. An HTML body (an emulator's 404 page) is reduced
    /// to its title.
    static func serviceError(_ text: String) -> (String, String)? {
        guard let start = text.range(of: "An error occurred (") else { return nil }
        let rest = text[start.upperBound...]
        guard let close = rest.firstIndex(of: ")") else { return nil }
        let code = String(rest[..<close])
        var message = ""
        if let operation = rest[close...].range(of: " operation") {
            var after = rest[operation.upperBound...]
            if after.hasPrefix(" ("), let end = after.firstIndex(of: ")") { after = after[after.index(after: end)...] }
            if after.hasPrefix(": ") { message = String(after.dropFirst(2)) }
        }
        if let title = message.range(of: "<title>"), let end = message.range(of: "</title>"), title.upperBound <= end.lowerBound {
            message = String(message[title.upperBound..<end.lowerBound])
        }
        message = message.trimmingCharacters(in: .whitespacesAndNewlines)
        return (code, message.isEmpty ? code : message)
    }

    static func lastLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).last.map(String.init) ?? text
    }

    static func oneLine(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return flat.count > 300 ? String(flat.prefix(299)) + "…" : flat
    }
}
