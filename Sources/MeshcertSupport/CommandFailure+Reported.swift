extension CommandFailure {
    /// A failure whose messages are already on stderr (a scenario's every problem with file, line
    /// and field; an unreadable mesh): the command ends with `exitCode` and prints nothing more.
    public static func reported(exitCode: Int32 = 2) -> CommandFailure { CommandFailure("", exitCode: exitCode) }

    /// True for `reported(exitCode:)`: nothing left to print.
    public var isReported: Bool { message.isEmpty }
}
