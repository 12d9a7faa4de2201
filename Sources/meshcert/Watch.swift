import ArgumentParser
import Foundation
import MeshcertSupport
import MeshcertWatch

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "A long-running exporter that Prometheus scrapes, with observed rotation.",
        discussion: """
        Rescans certificate files and probes TLS endpoints (a `meshcert handshake
        --plan` file) on their intervals, keeps every distinct certificate each
        target served in a SQLite history, and serves on --listen:
          /metrics             every series (x509_cert_*, probe_*, meshcert_*)
          /probe?target=NAME   probes one plan check now (blackbox_exporter style)
          /healthz             200 while the loops run
        Rotation is held against the config's expectation (default Service
        Connect's: 7-day certificates renewed after 5 days, 1h tolerance):
        meshcert_rotation_renewal_overdue turns 1 when a short-lived certificate
        is still served past renewal + tolerance.

          meshcert watch --config watch.yaml
          meshcert watch --config watch.yaml --once      # for cron and tests
          meshcert watch history --state watch.db --target NAME

        Signals: SIGTERM and SIGINT stop cleanly (probes in flight finish, the
        database is closed); SIGHUP reloads the config (an invalid one is refused
        and the old one kept). One log line per state change on stderr.

        Exit codes: 0 stopped cleanly (--once: every probe met its expectation
        and no renewal is overdue); 1 --once: a probe missed its expectation or
        a renewal is overdue; 2 usage error, invalid config, the state database
        or the listen address cannot be used.
        """,
        subcommands: [History.self]
    )

    @Option(name: .long, help: ArgumentHelp("The watch config (YAML).", valueName: "FILE"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("HTTP listen address (default: the config's listen, else 127.0.0.1:9219).", valueName: "HOST:PORT"))
    var listen: String?

    @Option(name: .long, help: ArgumentHelp("SQLite history (default: the config's state, else $XDG_STATE_HOME/meshcert/watch.db).", valueName: "FILE"))
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
        let at = time.at?.seconds
        let loaded: WatchConfig
        do { loaded = try WatchConfigReader.load(path: config, at: at) } catch { throw CommandFailure(error.description) }
        let statePath = state ?? loaded.state ?? StateStore.defaultPath()
        let store: StateStore
        do { store = try StateStore(path: statePath) } catch { throw CommandFailure(error.description) }
        defer { store.close() }
        let log = WatchLog(format: logFormat)
        if once {
            let clock = at
            let watcher = Watcher(config: loaded, store: store, log: log, now: { clock ?? Timestamp.now() })
            let (page, failed) = watcher.runOnce()
            print(page, terminator: "")
            fflush(nil)
            if failed { throw ExitCode(1) }
            return
        }
        let address = listen ?? loaded.listen ?? WatchConfig.defaultListen
        try WatchCommandServer.serve(config: loaded, configPath: config, listen: address, fromCommandLine: listen != nil,
                                     store: store, log: log)
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the observed certificate history of the state database.",
            discussion: """
            Every distinct certificate each target served: serial, SHA-256,
            notBefore, notAfter, first and last seen; and how often the served
            certificate changed. JSON schema meshcert.watch.history.v1.
            --state FILE (required) names the database `meshcert watch` wrote.

              meshcert watch history --state watch.db --target 'frontend->users'

            Exit codes: 0 printed; 2 the database cannot be read, or --target is
            not in it.
            """)

        /// `--state FILE` is the parent's option (one option, however it is placed).
        @ParentCommand var parent: Watch

        @Option(name: .long, help: ArgumentHelp("Only this target (a plan check's name, or file:PATH for a scanned file).", valueName: "NAME"))
        var target: String?

        @Option(name: .long, help: "table or json.")
        var format: OutputFormat = .table

        func run() throws {
            guard let state = parent.state else { throw ValidationError("--state FILE is required (the database `meshcert watch` wrote)") }
            let store: StateStore
            do { store = try StateStore(path: state, readOnly: true) } catch { throw CommandFailure(error.description) }
            defer { store.close() }
            let histories: [TargetHistory]
            do { histories = try store.history(target: target) } catch { throw CommandFailure(error.description) }
            if let target, histories.isEmpty { throw CommandFailure("\(state): no target named '\(target)' in the history") }
            let document = HistoryDocument(state: state, histories: histories)
            if format == .json {
                print(try document.render())
            } else {
                print(HistoryDocument.table(histories), terminator: "")
            }
        }
    }
}

extension WatchLog.Format: ExpressibleByArgument {}
