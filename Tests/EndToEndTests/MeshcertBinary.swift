import Foundation

/// Runs the built `meshcert` executable (SwiftPM builds it next to the test bundle because this
/// test target depends on it) and captures what it printed.
struct MeshcertRun {
    var status: Int32
    var stdout: String
    var stderr: String

    /// The parsed stdout, for `--format json` runs.
    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
        guard let dict = object as? [String: Any] else { throw CocoaError(.propertyListReadCorrupt) }
        return dict
    }
}

enum MeshcertBinary {
    /// The repository root (tests read the committed demo data in Certs/).
    static let repoRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static let executable: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // .../debug/meshcertPackageTests.xctest[/Contents/MacOS/...]: walk up to the products folder.
        while !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("meshcert").path),
              dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent("meshcert")
    }()

    private static let launchLock = NSLock()

    /// Starts `process`, one launch at a time: Foundation's `Process.run()` crashed once (a bad
    /// pointer in a memcpy inside it) while several tests launched at once.
    static func launch(_ process: Process) throws {
        launchLock.lock()
        defer { launchLock.unlock() }
        try process.run()
    }

    /// `binary` (default: the built meshcert) with `arguments`, behind `launcher` when given.
    static func setCommand(of process: Process, _ arguments: [String], launcher: [String] = [], binary: URL? = nil) {
        let program = binary ?? executable
        if let tool = launcher.first {
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = Array(launcher.dropFirst()) + [program.path] + arguments
        } else {
            process.executableURL = program
            process.arguments = arguments
        }
    }

    /// Runs meshcert with `arguments` in the repository root. `environment` entries are added to
    /// the inherited environment; `timeout` kills a hung run (a test failure, never a hang).
    /// `launcher` (a program and its arguments, e.g. setpriv) runs `binary` (default: the built
    /// meshcert) in its place.
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
                    currentDirectory: URL? = nil, timeout: TimeInterval = 120,
                    launcher: [String] = [], binary: URL? = nil) throws -> MeshcertRun {
        let process = Process()
        setCommand(of: process, arguments, launcher: launcher, binary: binary)
        process.currentDirectoryURL = currentDirectory ?? repoRoot
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try launch(process)
        if let stdin { try? input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8)) }  // EPIPE: the child did not read
        try? input.fileHandleForWriting.close()
        // Read both pipes concurrently so a large output cannot block the child.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            // SIGKILL: a child may inherit a blocked SIGTERM here.
            kill(process.processIdentifier, SIGKILL)
            if group.wait(timeout: .now() + 5) == .timedOut {   // a grandchild may still hold the pipes
                return MeshcertRun(status: -1, stdout: "", stderr: "meshcert did not finish within \(Int(timeout)) s")
            }
        }
        // Bounded wait: Foundation's child reaping can stall behind another Process's child,
        // and a test must fail, never hang.
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            return MeshcertRun(status: -1, stdout: String(decoding: outData, as: UTF8.self),
                               stderr: "meshcert did not exit within \(Int(timeout)) s")
        }
        record(arguments, outData, errData)
        return MeshcertRun(status: process.terminationStatus,
                           stdout: String(decoding: outData, as: UTF8.self),
                           stderr: String(decoding: errData, as: UTF8.self))
    }

    /// With MESHCERT_TEST_OUTPUT_DIR set (Scripts/test.sh sets it), every run's output is kept
    /// there so Scripts/check-secrets.sh can prove no key material or password was ever printed.
    private static func record(_ arguments: [String], _ out: Data, _ err: Data) {
        guard let dir = ProcessInfo.processInfo.environment["MESHCERT_TEST_OUTPUT_DIR"], !dir.isEmpty else { return }
        let name = dir + "/run-" + UUID().uuidString + ".log"
        var text = Data(("$ meshcert " + arguments.joined(separator: " ") + "\n").utf8)
        text.append(out)
        text.append(err)
        FileManager.default.createFile(atPath: name, contents: text)
    }
}

