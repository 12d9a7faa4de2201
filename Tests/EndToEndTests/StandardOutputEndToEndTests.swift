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
