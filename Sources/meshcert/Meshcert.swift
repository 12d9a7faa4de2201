import ArgumentParser
import Foundation
import MeshcertOpenSSL
import MeshcertSupport

/// The root command. Each subcommand lives in its own file, named after it.
struct Meshcert: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meshcert",
        abstract: "Certificate and TLS checks for moving from AWS App Mesh to ECS Service Connect.",
        discussion: """
        Every subcommand's --help gives a few examples and its exit codes; the full reference of each \
        (options, output schemas, findings, reasons) is docs/<subcommand>.md, and `man meshcert` \
        (docs/man/meshcert.1).

        Exit codes: 0 done, nothing failed; 1 a check or --fail-on finding failed; 2 usage error, a \
        missing input, or input of which nothing could be read. Any command whose standard output could not be written (a full \
        disk, a closed descriptor) says so on stderr and exits 2.
        """,
        version: "0.1.0",
        subcommands: [Scan.self, Mesh.self, Rotate.self, Handshake.self, Lab.self, Verify.self, Report.self, Watch.self, AWS.self]
    )
}

/// Runs the command tree with meshcert's exit-code contract: usage errors exit 2 (not
/// ArgumentParser's 64), other errors print their message and exit 2.
@main
enum Main {
    static func main() async {
        // Before anything reads a key or a password: no core file may carry them.
        CoreDumps.disable()
        // Output that never arrived is an error, whatever the command's own status; a closed
        // stdout is never handed to a file meshcert opens.
        StandardOutput.reserveStandardDescriptors()
        StandardOutput.checkAtExit()
        var command: ParsableCommand
        do {
            command = try Meshcert.parseAsRoot(OptionalOptionValue.normalised(Array(CommandLine.arguments.dropFirst())))
        } catch {
            Main.exit(forParseError: error)
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            Main.exit(forRunError: error, command: command)
        }
    }

    /// Parse errors: ArgumentParser's message and usage, but exit code 2 (not 64).
    static func exit(forParseError error: Error) -> Never {
        let code = Meshcert.exitCode(for: error)
        if code == .success || error is CleanExit { Meshcert.exit(withError: error) }
        let message = Meshcert.fullMessage(for: error)
        if !message.isEmpty { Terminal.warn(message) }
        Foundation.exit(2)
    }

    /// Errors from a running subcommand: its own message, no usage text. `ExitCode` passes
    /// through; a `CommandFailure` exits with its own code; anything else exits 2.
    static func exit(forRunError error: Error, command: ParsableCommand) -> Never {
        if let code = error as? ExitCode { Foundation.exit(code.rawValue) }
        let name = (["meshcert"] + (commandPath(type(of: command)) ?? [])).joined(separator: " ")
        if let failure = error as? CommandFailure {
            if !failure.isReported { Terminal.warn(errorLine(name, failure.message)) }
            Foundation.exit(failure.exitCode)
        }
        // `--help` and friends surface here as ArgumentParser's own errors: let it print them.
        let code = Meshcert.exitCode(for: error)
        if !(error is ValidationError), code == .success || code == .validationFailure {
            exit(forParseError: error)
        }
        let message = (error as? ValidationError)?.message ?? "\(error)"
        Terminal.warn(errorLine(name, message))
        Foundation.exit(2)
    }

    /// `meshcert scan: error: MESSAGE`, or `meshcert scan: FILE:LINE: error: ...` when the message
    /// is already a diagnostic that says "error" (not "error: FILE: error: ...").
    static func errorLine(_ name: String, _ message: String) -> String {
        message.prefix(while: { $0 != "\n" }).contains(": error: ") ? "\(name): \(message)" : "\(name): error: \(message)"
    }

    /// `["mesh", "plan"]` for `meshcert mesh plan`: messages name the whole command.
    static func commandPath(_ target: ParsableCommand.Type, from root: ParsableCommand.Type = Meshcert.self) -> [String]? {
        for sub in root.configuration.subcommands {
            let name = sub.configuration.commandName ?? String(describing: sub).lowercased()
            if sub == target { return [name] }
            if let rest = commandPath(target, from: sub) { return [name] + rest }
        }
        return nil
    }
}
