import ArgumentParser
import Foundation
import MeshcertSupport
import MeshcertWatch

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "A long-running exporter that Prometheus scrapes, with observed rotation.",
        discussion: """
        Rescans certificate files and probes TLS endpoints (a `meshcert handshake --plan` file) on their \
        intervals, keeps every certificate each target served in a SQLite history, and serves \
        /metrics, /probe?target=NAME and /healthz on --listen; rotation is held against the config's \
        expectation (default Service Connect's). SIGTERM/SIGINT stop cleanly, SIGHUP reloads the config. \
        Config, metrics and alerts: docs/watch.md.

          meshcert watch --config watch.yaml
          meshcert watch --config watch.yaml --once
          meshcert watch history --state watch.db --target NAME

        Exit codes: 0 stopped cleanly (--once: every probe met its expectation, no renewal overdue); \
        1 --once: a probe missed or a renewal is overdue; 2 usage error, invalid config, unusable state \
        database or listen address.
        """,
        subcommands: [History.self]
    )

    @Option(name: .long, help: ArgumentHelp("The watch config (YAML).", valueName: "FILE"), completion: .file())
    var config: String?

    @Option(name: .long, help: ArgumentHelp("HTTP listen address (default: the config's listen, else 127.0.0.1:9219).", valueName: "HOST:PORT"))
    var listen: String?

    @Option(name: .long, help: ArgumentHelp("SQLite history (default: the config's state, else $XDG_STATE_HOME/meshcert/watch.db).", valueName: "FILE"), completion: .file())
    var state: String?

    @Flag(name: .long, help: "Run every scan and probe once, print the metrics to stdout, exit.")
    var once = false

    @Option(name: .customLong("log-format"), help: "State-change log lines on stderr: text or json.")
    var logFormat: WatchLog.Format = .text

    @OptionGroup var time: EvaluationTimeOption

    func validate() throws {
        if let listen, ListenAddress(parsing: listen) == nil { throw ValidationError("--listen: '\(listen)' is not HOST:PORT") }
        if time.at != nil && !once { throw ValidationError("--at is for --once only (a running exporter watches the clock)") }
    }

    func run() throws {
        // Checked here, not in validate(): the parent's validate() also runs for `watch history`.
        guard let config else { throw ValidationError("--config FILE is required") }
        let request = WatchCommand.Request(config: config, listen: listen, state: state, logFormat: logFormat, at: time.at?.seconds)
        guard once else { return try WatchCommand.serve(request) }
        let (page, failed) = try WatchCommand.once(request)
        StandardOutput.print(page, terminator: "")
        fflush(nil)
        if failed { throw ExitCode(1) }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the observed certificate history of the state database.",
            discussion: """
            Every distinct certificate each target served (serial, SHA-256, validity, first and last seen) \
            and how often it changed; JSON schema meshcert.watch.history.v1 (docs/watch.md). The database \
            is `meshcert watch`'s --state FILE (given before or after `history`), else the default path \
            $XDG_STATE_HOME/meshcert/watch.db (~/.local/state/meshcert/watch.db); it is only read.

              meshcert watch history --state watch.db --target 'frontend->users'

            Exit codes: 0 printed; 2 the database cannot be read, or --target is not in it.
            """)

        /// `--state FILE` is the parent's option (one option, however it is placed).
        @ParentCommand var parent: Watch

        @Option(name: .long, help: ArgumentHelp("Only this target (a plan check's name, or file:PATH for a scanned file).", valueName: "NAME"))
        var target: String?

        @OptionGroup var format: OutputFormatOption

        func run() throws {
            let state = parent.state ?? StateStore.defaultPath()
            StandardOutput.print(try WatchCommand.history(state: state, target: target, json: format.json), terminator: "")
        }
    }
}

extension WatchLog.Format: ExpressibleByArgument {}
