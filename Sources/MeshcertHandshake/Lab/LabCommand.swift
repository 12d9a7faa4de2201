import Foundation
import MeshcertSupport

/// `meshcert lab`'s entry points: start the worlds (failures as `CommandFailure`), run the
/// matrix once, or serve with the compressed rotation clock.
public enum LabCommand {
    /// The topology file, or the sample (frontend -> users, stock) when none is given.
    public static func topology(file: String?) throws -> LabTopology {
        guard let file else { return .sample }
        do { return try LabTopology.load(path: file) } catch let e as Diagnostic { throw CommandFailure(e.description) }
    }

    /// A folder of its own for the lab's certificates and keys (removed by `run` afterwards).
    public static func temporaryWorkDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-lab-\(getpid())").path
    }

    public static func start(_ options: LabOptions) throws -> LabWorld {
        // A start that fails (an unknown --fault-service, a port) leaves no keys behind in a
        // folder it made itself.
        let existed = FileManager.default.fileExists(atPath: options.workDirectory)
        do {
            return try LabWorld(options)
        } catch {
            if !existed { try? FileManager.default.removeItem(atPath: options.workDirectory) }
            if let e = error as? LabError { throw CommandFailure(e.description) }
            throw CommandFailure("cannot start the lab: \(error)")
        }
    }

    /// `lab run`: the whole matrix once, rendered; `allMatched` false means exit 1.
    /// `removeWorkDirectory`: the work folder was a temporary one.
    public static func run(_ options: LabOptions, removeWorkDirectory: Bool, jobs: Int, json: Bool, colour: Bool) throws
        -> (output: String, allMatched: Bool) {
        let world = try start(options)
        defer {
            world.stop()
            if removeWorkDirectory { try? FileManager.default.removeItem(atPath: world.options.workDirectory) }
        }
        let results = try world.runMatrix(jobs: jobs)
        let output = json ? try LabDocument(world: world, results: results).render() : LabReport.table(world, results, colour: colour)
        return (output, !results.contains { !$0.matchedExpectation })
    }

    /// `lab serve`: writes the plan, prints the servers and how to run the plan, then serves for
    /// `duration` seconds (nil: until interrupted), re-issuing certificates on `options.rotation`'s clock.
    /// `removeWorkDirectory`: the work folder was a temporary one, removed when serving ends,
    /// also on SIGINT or SIGTERM (its keys must not outlive the servers).
    public static func serve(_ options: LabOptions, planOut: String, duration: Double?, removeWorkDirectory: Bool = false) throws {
        let world = try start(options)
        let folder = options.workDirectory
        let interrupts = removeWorkDirectory ? removeOnSignals(folder) : []
        defer {
            world.stop()
            if removeWorkDirectory {
                for source in interrupts { source.cancel() }
                try? FileManager.default.removeItem(atPath: folder)
            }
        }
        guard FileManager.default.createFile(atPath: planOut, contents: Data(world.planYAML().utf8)) else {
            throw CommandFailure("cannot write the plan to '\(planOut)'")
        }
        for s in world.servers {
            StandardOutput.print("\(s.service)@\(s.environment.rawValue)\t\(s.target)\t\(s.serverName)\tTLS \(s.tls)\tclient certificate \(s.clientCertificate.rawValue)"
                  + (s.fault.map { "\tfault: \($0.rawValue)" } ?? ""))
        }
        StandardOutput.print("plan: \(planOut) (\(world.cells.count) checks); files: \(world.options.workDirectory)")
        StandardOutput.print("run:  meshcert handshake --plan \(planOut) --at \(Timestamp.format(world.options.at))")
        fflush(nil)  // every stream: the plan path must reach a pipe before we sleep
        let end = duration.map { Date().addingTimeInterval($0) } ?? .distantFuture
        guard let every = options.rotation?.every else {
            Thread.sleep(until: end)
            return
        }
        var next = Date().addingTimeInterval(every)
        while next < end {
            Thread.sleep(until: next)
            do {
                for line in try world.rotate(now: Timestamp.now()) { StandardOutput.print("rotated \(line)") }
            } catch {
                Terminal.warn("meshcert lab serve: rotation failed: \(error)")
            }
            fflush(nil)
            next = next.addingTimeInterval(every)
        }
        Thread.sleep(until: end)
    }

    /// On SIGINT or SIGTERM: remove `folder`, then die of the signal as before (status 128+n).
    private static func removeOnSignals(_ folder: String) -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { sig in
            signal(sig, SIG_IGN)   // delivered to the source below instead
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                try? FileManager.default.removeItem(atPath: folder)
                signal(sig, SIG_DFL)
                raise(sig)
            }
            source.resume()
            return source
        }
    }
}
