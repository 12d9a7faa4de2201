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
        scan       inventory certificate files, keys and bundles; find migration blockers
        mesh       read App Mesh exports and CRDs; Service Connect readiness and plans
        rotate     simulate short-lived certificate rotation windows
        handshake  run real TLS handshakes and diagnose failures
        lab        both worlds (App Mesh, Service Connect) side by side on loopback
        verify     verify one certificate chain under a named policy (compatible, strict)
        report     the joined migration readiness report (HTML + JSON)
        watch      a long-running exporter Prometheus scrapes, with observed rotation
        aws        read the live migration from an AWS account; blue/green progress per service

        Exit codes: 0 done, nothing failed; 1 a check or --fail-on finding failed;
        2 usage error or nothing usable to work on.
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
            Terminal.warn("\(name): error: \(failure.message)")
            Foundation.exit(failure.exitCode)
        }
        // `--help` and friends surface here as ArgumentParser's own errors: let it print them.
        let code = Meshcert.exitCode(for: error)
        if !(error is ValidationError), code == .success || code == .validationFailure {
            exit(forParseError: error)
        }
        let message = (error as? ValidationError)?.message ?? "\(error)"
        Terminal.warn("\(name): error: \(message)")
        Foundation.exit(2)
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
