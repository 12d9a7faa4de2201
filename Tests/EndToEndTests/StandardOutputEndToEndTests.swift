import Foundation
import Testing

/// Output that cannot be written is an error: exit 2 and a message on stderr, never a silent 0
/// (a script would take a missing inventory for a clean one).
@Suite struct StandardOutputEndToEndTests {
    /// meshcert run by a shell that redirects its stdout with `redirection`.
    static func run(_ arguments: [String], stdout redirection: String) throws -> MeshcertRun {
        try MeshcertBinary.run(arguments, launcher: ["/bin/sh", "-c", "exec \"$0\" \"$@\" " + redirection])
    }

    static let scan = ["scan", "Certs", "--at", "2026-12-02T00:00:00Z"]

    @Test(arguments: ["json", "csv", "prometheus", "table"])
    func aFullDiskFailsTheScan(format: String) throws {
        let run = try Self.run(Self.scan + ["--format", format], stdout: "> /dev/full")
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("meshcert: error: could not write standard output: No space left on device"), "\(run.stderr)")
    }

    @Test func printedOutputIsCheckedToo() throws {
        // Subcommands that print (help, verify's text) go through stdio: checked after its flush.
        for arguments in [["--help"], ["scan", "--help"], ["verify", "Certs/pki/frontend.pem", "--trust", "Certs/pki/root-ca.pem", "--chain", "Certs/pki/intermediate-ca.pem", "--at", "2026-12-02T00:00:00Z"]] {
            let run = try Self.run(arguments, stdout: "> /dev/full")
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("could not write standard output"), "\(arguments)")
        }
    }

    /// Commands that print lines (mesh scan's table, watch, lab) name the reason too: stdio
    /// only remembers that a write failed.
    @Test func everyCommandNamesTheReason() throws {
        for arguments in [["mesh", "scan", "Certs/appmesh"], ["mesh", "scan", "Certs/appmesh", "--format", "csv"]] {
            let run = try Self.run(arguments, stdout: "> /dev/full")
            #expect(run.status == 2)
            #expect(run.stderr.contains("could not write standard output: No space left on device"), "\(arguments): \(run.stderr)")
        }
    }

    /// A non-blocking pipe from the caller is waited on when full, not given up on (the output
    /// stopped at the pipe's 64 KiB).
    @Test func aNonBlockingPipeGetsAllTheOutput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-nonblocking-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pem = try Data(contentsOf: MeshcertBinary.repoRoot.appendingPathComponent("Certs/pki/frontend.pem"))
        for i in 0..<800 { try pem.write(to: dir.appendingPathComponent("copy-\(i).pem")) }
        let process = Process()
        MeshcertBinary.setCommand(of: process, ["scan", dir.path, "--format", "json", "--at", "2026-12-02T00:00:00Z"])
        let pipe = Pipe()
        let writeEnd = pipe.fileHandleForWriting.fileDescriptor
        #expect(fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK) == 0)
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try MeshcertBinary.launch(process)
        try pipe.fileHandleForWriting.close()
        usleep(300_000)   // let the pipe fill while nobody reads
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(output.count > 65_536, "more than a pipe holds: \(output.count) bytes")
        let document = try JSONSerialization.jsonObject(with: output) as? [String: Any]
        let summary = document?["summary"] as? [String: Any]
        #expect(summary?["locations"] as? Int == 800)
    }

    /// watch logs to stderr: a closed stderr loses the lines, never the exporter (it trapped in
    /// Foundation's FileHandle write and died with SIGILL).
    @Test func watchKeepsRunningWithoutStderr() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-watch-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let arguments = ["watch", "--config", "docs/examples/watch-files.yaml", "--once", "--state", state,
                         "--at", "2026-12-10T00:00:00Z"]
        let run = try MeshcertBinary.run(arguments, launcher: ["/bin/sh", "-c", "exec \"$0\" \"$@\" > /dev/null 2>&-"])
        #expect(run.status == 1, "renewals overdue, as with stderr open: \(run.status)")
    }

    @Test func aClosedStdoutIsNeverAFileMeshcertOpened() throws {
        // With fd 1 closed, the first certificate file opened would have become fd 1.
        let run = try Self.run(Self.scan + ["--format", "json"], stdout: ">&-")
        #expect(run.status == 2)
        #expect(run.stderr.contains("could not write standard output: Bad file descriptor"), "\(run.stderr)")
    }

    @Test func aWritableStdoutKeepsTheCommandsStatus() throws {
        let ok = try Self.run(Self.scan + ["--format", "json"], stdout: "> /dev/null")
        #expect(ok.status == 0 && ok.stderr.isEmpty, "\(ok.stderr)")
        let failing = try Self.run(Self.scan + ["--fail-on", "mtls_client_certificate"], stdout: "> /dev/null")
        #expect(failing.status == 1, "\(failing.stderr)")
        #expect(!failing.stderr.contains("standard output"))
    }
}
