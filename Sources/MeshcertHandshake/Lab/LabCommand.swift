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
        do {
            return try LabWorld(options)
        } catch let e as LabError {
            throw CommandFailure(e.description)
        } catch {
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
    public static func serve(_ options: LabOptions, planOut: String, duration: Double?) throws {
        let world = try start(options)
        defer { world.stop() }
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
}
