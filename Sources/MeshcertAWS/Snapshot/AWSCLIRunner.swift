import Foundation
import Subprocess

/// What one run of the aws CLI gave back.
struct AWSCLIOutput: Sendable {
    /// The exit status; nil when the run was killed at its timeout or could not start.
    var exitStatus: Int32?
    var standardOutput: [UInt8]
    var standardError: String
    var timedOut: Bool
    /// Why the process could not be started (then nothing else is set).
    var launchFailure: String?
}

/// Runs the aws CLI as a child process (swift-subprocess: async, and its cancellation kills the
/// child, which is how a call is bounded by its timeout). The child inherits the environment, so
/// profiles, SSO, roles and `AWS_ENDPOINT_URL` work as in the user's shell; meshcert only turns
/// off the CLI's own retries (meshcert retries throttling itself, and an unreachable endpoint must
/// fail within the timeout, not after the CLI's back-off) and its pager.
struct AWSCLIRunner: Sendable {
    var executable: String
    var timeout: Duration

    /// Largest output kept from one call (a whole paginated listing).
    static let outputLimit = 512 * 1024 * 1024

    /// The environment meshcert sets for the child over the inherited one.
    static let environment: Environment = .inherit.updating([
        "AWS_MAX_ATTEMPTS": "1", "AWS_RETRY_MODE": "standard", "AWS_PAGER": "", "AWS_CLI_AUTO_PROMPT": "off",
    ])

    /// Options given to every call: JSON output, and connect (10 s) and read (30 s) timeouts per
    /// HTTP request within the call's bound, so an unreachable endpoint fails fast even when the
    /// bound is generous (the bound also covers the CLI's start-up, seconds on a loaded machine).
    func commonOptions() -> [String] {
        let seconds = max(1, Int(timeout.components.seconds))
        return ["--output", "json", "--cli-connect-timeout", String(min(seconds, 10)), "--cli-read-timeout", String(min(seconds, 30))]
    }

    func run(_ arguments: [String]) async -> AWSCLIOutput {
        let timeout = self.timeout
        let executable = self.executable
        return await withTaskGroup(of: AWSCLIOutput?.self) { group in
            group.addTask {
                do {
                    let result = try await Subprocess.run(
                        .path(.init(executable)), arguments: .init(arguments), environment: Self.environment,
                        output: .bytes(limit: Self.outputLimit), error: .bytes(limit: 1024 * 1024))
                    var status: Int32?
                    if case .exited(let code) = result.terminationStatus { status = code }
                    return AWSCLIOutput(exitStatus: status, standardOutput: result.standardOutput,
                                        standardError: String(decoding: result.standardError, as: UTF8.self),
                                        timedOut: false, launchFailure: nil)
                } catch is CancellationError {
                    return nil
                } catch {
                    if Task.isCancelled { return nil }
                    return AWSCLIOutput(exitStatus: nil, standardOutput: [], standardError: "", timedOut: false,
                                        launchFailure: "\(error)")
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            // The first to finish wins: the call's output, or the timer (which cancels the call,
            // and cancellation kills the child).
            let first = await group.next() ?? nil
            group.cancelAll()
            if let first { return first }
            return AWSCLIOutput(exitStatus: nil, standardOutput: [], standardError: "", timedOut: true, launchFailure: nil)
        }
    }

    /// `aws` on PATH (or the path given), if it is an executable file.
    static func locate(_ given: String?, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        let fm = FileManager.default
        if let given {
            if given.contains("/") { return fm.isExecutableFile(atPath: given) ? given : nil }
            return search(given, path: path)
        }
        return search("aws", path: path)
    }

    private static func search(_ name: String, path: String?) -> String? {
        for dir in (path ?? "").split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), !isDir.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }
}
