/// A run-time failure that ends a command with a documented exit code: an input that does not
/// exist or cannot be read, a lab that cannot start, an output folder that cannot be written.
/// Bad arguments stay ArgumentParser's `ValidationError` (checked before anything runs), so the
/// code can tell a mistyped flag from a failed run; both exit 2 under meshcert's contract.
public struct CommandFailure: Error, Sendable, CustomStringConvertible {
    /// meshcert's exit codes: 1 a check or `--fail-on` condition failed, 2 nothing usable.
    public var exitCode: Int32
    /// One line for stderr, naming the file or endpoint and the reason (never secret material).
    public var message: String

    public init(_ message: String, exitCode: Int32 = 2) {
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }
}
