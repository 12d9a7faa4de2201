import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// meshcert holds private keys and passwords in memory, so no meshcert process may dump core.
/// A process that is not dumpable has its /proc files owned by root; one that is, by its own
/// user. Root owns every process's /proc files in its own view, so meshcert runs here as nobody
/// (through setpriv or runuser when the tests run as root), blocked in a handshake with a
/// listener that accepts and stays silent, and the owner of its /proc files is read while it
/// waits. `MESHCERT_ALLOW_CORE_DUMPS=1` is the control: the same run is then dumpable.
@Suite(.serialized) struct CoreDumpEndToEndTests {
    /// Starts `meshcert handshake` against a silent listener and returns the owner of
    /// /proc/PID/limits once the connection has been accepted (main has run by then), plus the
    /// core size limits when we can read them.
    func ownerWhileRunning(allowCoreDumps: Bool) throws -> (owner: Int, coreLimits: [String]?) {
        let launcher = try #require(Unprivileged.launcher)
        let base = NSTemporaryDirectory() + "meshcert-core-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        #expect(chmod(base, 0o755) == 0)
        let binary = try Unprivileged.copyOfBinary(in: base + "/bin")
        let trust = base + "/ca.pem"
        try FileManager.default.copyItem(atPath: MeshcertBinary.repoRoot.appendingPathComponent("Certs/short-lived/short-lived-ca.pem").path,
                                         toPath: trust)
        #expect(chmod(trust, 0o644) == 0)

        let listener = try SilentListener()
        defer { listener.close() }
        let process = Process()
        MeshcertBinary.setCommand(of: process, ["handshake", "--connect", "127.0.0.1:\(listener.port)", "--trust", trust, "--timeout", "30s"],
                                  launcher: launcher, binary: binary)
        var environment = ProcessInfo.processInfo.environment
        environment["MESHCERT_ALLOW_CORE_DUMPS"] = allowCoreDumps ? "1" : nil
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: base)
        (process.standardOutput, process.standardError) = (FileHandle.nullDevice, FileHandle.nullDevice)
        try MeshcertBinary.launch(process)
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }

        // The accepted connection proves meshcert's main is running (not setpriv, not startup).
        var p = pollfd(fd: listener.fd, events: Int16(POLLIN), revents: 0)
        #expect(poll(&p, 1, 30_000) == 1, "meshcert never connected")
        let connection = accept(listener.fd, nil, nil)
        defer { if connection >= 0 { Glibc.close(connection) } }
        let limits = "/proc/\(process.processIdentifier)/limits"
        let owner = try #require(FileManager.default.attributesOfItem(atPath: limits)[.ownerAccountID] as? NSNumber).intValue
        let text = try? String(contentsOfFile: limits, encoding: .utf8)
        let core = text?.split(separator: "\n").first { $0.hasPrefix("Max core file size") }
            .map { $0.split(separator: " ").filter { !$0.isEmpty }.dropFirst(4).prefix(2).map(String.init) }
        return (owner, core)
    }

    @Test(.enabled(if: Unprivileged.launcher != nil, Comment(rawValue: Unprivileged.unavailable)),
          .timeLimit(.minutes(2)))
    func meshcertIsNotDumpable() throws {
        let hardened = try ownerWhileRunning(allowCoreDumps: false)
        #expect(hardened.owner == 0, "not dumpable: /proc files belong to root")
        if let core = hardened.coreLimits { #expect(core == ["0", "0"], "RLIMIT_CORE soft and hard") }
        // The control: with core dumps allowed the same process is dumpable, owned by its user.
        let allowed = try ownerWhileRunning(allowCoreDumps: true)
        #expect(allowed.owner == Int(Unprivileged.uid))
    }
}
