import Foundation
import MeshcertHandshake
import MeshcertSupport

/// `meshcert watch` running: the probe scheduler and the scan loop feeding a `Watcher`, the HTTP
/// server reading it, and the signals (SIGTERM/SIGINT stop, SIGHUP reloads the config file).
public final class WatchService: @unchecked Sendable {
    let watcher: Watcher
    let configPath: String
    let log: WatchLog
    /// `--listen` was given: it wins over the config's `listen`, at start and on every reload.
    let listenFromCommandLine: Bool
    /// `--state` was given: it wins over the config's `state`, so a changed `state` there
    /// changes nothing and needs no restart.
    let stateFromCommandLine: Bool
    /// The history database in use (opened at start, never reopened).
    let openState: String
    private let lock = NSLock()
    // Guarded by `lock`.
    private var server: WatchHTTPServer?
    /// The address asked for (a config's `:0` stays `:0`, whatever port it got).
    private var requested: ListenAddress?
    private var limits = WatchHTTPServer.Limits()
    private var probes: ProbeScheduler<HandshakeCheck>?
    private var scans: ScanLoop?
    private var running = false

    public init(watcher: Watcher, configPath: String, log: WatchLog, listenFromCommandLine: Bool = false,
                stateFromCommandLine: Bool = false, openState: String) {
        self.watcher = watcher
        self.configPath = configPath
        self.log = log
        self.listenFromCommandLine = listenFromCommandLine
        self.stateFromCommandLine = stateFromCommandLine
        self.openState = openState
    }

    /// The port the server listens on (for `--listen 127.0.0.1:0`).
    public var port: Int {
        lock.lock()
        defer { lock.unlock() }
        return server?.port ?? 0
    }

    /// Binds `listen` (throws `ListenError`, e.g. the port is in use) and starts the loops.
    public func start(listen: ListenAddress, limits: WatchHTTPServer.Limits = .init()) throws {
        let server = try bind(listen, limits: limits)
        lock.lock()
        self.server = server
        requested = listen
        self.limits = limits
        running = true
        lock.unlock()
        startLoops(watcher.config)
        logListening(listen, server)
    }

    private func bind(_ address: ListenAddress, limits: WatchHTTPServer.Limits) throws -> WatchHTTPServer {
        try WatchHTTPServer(host: address.host, port: address.port, limits: limits) { [weak self] request in
            self?.route(request) ?? HTTPReply(status: 503, body: "stopping\n")
        }
    }

    private func logListening(_ address: ListenAddress, _ server: WatchHTTPServer) {
        log.event("listening", at: watcher.now(), values: [("address", .text(address.port == 0 ? "\(address.host):\(server.port)" : address.description)),
                                                   ("targets", .number(watcher.targetNames.count)), ("scans", .number(watcher.config.scans.count))])
    }

    private func startLoops(_ config: WatchConfig) {
        var probes: ProbeScheduler<HandshakeCheck>?
        if let hs = config.handshake, !hs.checks.isEmpty {
            let watcher = self.watcher
            probes = ProbeScheduler(items: hs.checks.map { ($0, host: $0.target.host) }, interval: hs.interval, jitter: hs.jitter,
                                    jobs: hs.jobs, perHost: hs.perHost) { check in watcher.probe(check) }
            probes?.start(name: "meshcert-watch-probe")
        }
        var scans: ScanLoop?
        if !config.scans.isEmpty {
            scans = ScanLoop(entries: config.scans, watcher: watcher)
            scans?.start()
        }
        lock.lock()
        self.probes = probes
        self.scans = scans
        lock.unlock()
    }

    private func stopLoops() {
        lock.lock()
        let probes = self.probes, scans = self.scans
        self.probes = nil
        self.scans = nil
        lock.unlock()
        probes?.stop()
        scans?.stop()
    }

    /// Blocks until SIGTERM or SIGINT, reloading on SIGHUP; then stops the server and the
    /// loops (probes in flight finish within their deadlines).
    public func runUntilSignalled() {
        SignalPipe.install()
        while true {
            let sig = SignalPipe.next()
            if sig == SIGHUP { reload(); continue }
            log.event("signal", at: watcher.now(), [("signal", sig == SIGINT ? "SIGINT" : "SIGTERM")])
            break
        }
        stop()
    }

    /// Stops serving and the loops; safe to call once the service is started.
    public func stop() {
        lock.lock()
        let wasRunning = running
        running = false
        lock.unlock()
        guard wasRunning else { return }
        log.event("stopping", at: watcher.now(), [])
        lock.lock()
        let server = self.server
        lock.unlock()
        server?.stop()
        stopLoops()
    }

    /// SIGHUP: the config file again; an invalid one is refused (logged) and the old one kept.
    /// A new `listen` (unless `--listen` was given) is bound before anything changes, so a port
    /// in use refuses the whole reload and the old server serves on; then the old one closes.
    /// A new `state` takes a restart (unless `--state` was given, which wins): the history stays
    /// in the database it started with.
    public func reload() {
        let new: WatchConfig
        do {
            new = try WatchConfigReader.load(path: configPath)
        } catch {
            reject(error.description)
            return
        }
        lock.lock()
        let old = (server: server, requested: requested, limits: limits)
        lock.unlock()
        var rebound: (server: WatchHTTPServer, address: ListenAddress)?
        if !listenFromCommandLine, let current = old.requested {
            let text = new.listen ?? WatchConfig.defaultListen
            guard let wanted = ListenAddress(parsing: text) else { return reject("listen: '\(text)' is not HOST:PORT") }
            if wanted != current {
                do { rebound = (try bind(wanted, limits: old.limits), wanted) } catch { return reject("\(error)") }
            }
        }
        stopLoops()
        watcher.replace(new)
        startLoops(new)
        if let rebound {
            lock.lock()
            server = rebound.server
            requested = rebound.address
            lock.unlock()
            old.server?.stop()
            logListening(rebound.address, rebound.server)
        }
        // Against the database actually open, not the previous config's line (a config that
        // changes `state` and then changes it back asks for nothing).
        if !stateFromCommandLine && (new.state ?? StateStore.defaultPath()) != openState {
            log.event("restart_needed", at: watcher.now(), [("field", "state"), ("kept", openState),
                                                            ("reason", "the history database changes only at start")])
        }
        log.event("config_reloaded", at: watcher.now(), values: [("file", .text(configPath)), ("targets", .number(watcher.targetNames.count)),
                                                         ("scans", .number(new.scans.count))])
    }

    private func reject(_ reason: String) {
        watcher.reloadFailed()
        log.event("config_rejected", at: watcher.now(), [("file", configPath), ("error", reason), ("kept", "previous config")])
    }

    func route(_ r: HTTPRequestLine) -> HTTPReply {
        switch r.path {
        case "/metrics":
            return HTTPReply(status: 200, contentType: Exposition.contentType, body: watcher.metricsPage())
        case "/healthz":
            lock.lock()
            let up = running
            lock.unlock()
            return up ? HTTPReply(status: 200, body: "ok\n") : HTTPReply(status: 503, body: "stopping\n")
        case "/probe":
            guard let target = r.query["target"], !target.isEmpty else {
                return HTTPReply(status: 400, body: "missing the 'target' parameter: /probe?target=NAME (a plan check's name)\n")
            }
            guard let page = watcher.probePage(target: target) else {
                let shown = target.count > 200 ? String(target.prefix(200)) + "..." : target
                return HTTPReply(status: 404, body: "unknown target '\(shown)': not a check of the plan\n")
            }
            return HTTPReply(status: 200, contentType: Exposition.contentType, body: page)
        case "/":
            return HTTPReply(status: 200, body: "meshcert watch: /metrics, /probe?target=NAME, /healthz\n")
        default:
            return HTTPReply(status: 404, body: "not found: /metrics, /probe?target=NAME, /healthz\n")
        }
    }
}

/// Rescans each `scan:` entry on its interval, on one dedicated thread.
final class ScanLoop: @unchecked Sendable {
    private let entries: [WatchConfig.ScanEntry]
    private let watcher: Watcher
    private let condition = NSCondition()
    private var stopping = false  // guarded by `condition`
    private let done = DispatchSemaphore(value: 0)

    init(entries: [WatchConfig.ScanEntry], watcher: Watcher) {
        self.entries = entries
        self.watcher = watcher
    }

    func start() {
        let thread = Thread { [self] in
            var due = entries.map { _ in Date() }
            while true {
                condition.lock()
                let next = due.min()!
                while !stopping && Date() < next { _ = condition.wait(until: next) }
                let stop = stopping
                condition.unlock()
                if stop { break }
                for (i, entry) in entries.enumerated() where due[i] <= Date() {
                    watcher.runScan(entry)
                    due[i] = Date().addingTimeInterval(entry.interval)
                }
            }
            done.signal()
        }
        thread.name = "meshcert-watch-scan"
        thread.start()
    }

    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        done.wait()
    }
}
