import Foundation
import Testing

/// A running Tests/Fixtures/aws/moto_world.py: moto on loopback with a migration world in it.
/// The helper stays up while its stdin is open; `stop()` closes it and reads the helper's
/// closing report (requests answered, botocore shape problems).
final class AWSSnapshotWorld: @unchecked Sendable {
    struct Report: Decodable {
        var requests: [String: Int]
        var shapeProblems: [String]
        var droppedFields: [String]
    }

    let process = Process()
    let input = Pipe()
    let output = Pipe()
    /// The helper's first line: endpoint, region, hostedZones, privateCAs...
    private(set) var info: [String: Any] = [:]
    private var buffer = Data()

    var endpoint: String { info["endpoint"] as? String ?? "" }

    static let hasAWS = MeshMotoEndToEndTests.sh("command -v aws").status == 0
    static let hasMoto = MeshMotoEndToEndTests.sh("python3 -c 'import moto.server, boto3, botocore'").status == 0
    static let runnable = hasAWS && hasMoto
    static let skipReason: Comment = "skipped: needs the aws CLI and moto[server] (Scripts/test.sh installs both with pip; neither is available)"

    /// Starts a world (`--world test|demo|bench`, knobs...) and waits for its endpoint.
    init(_ arguments: [String], timeout: TimeInterval = 600) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", MeshcertBinary.repoRoot.appendingPathComponent("Tests/Fixtures/aws/moto_world.py").path] + arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try MeshcertBinary.launch(process)
        let line = try readLine(timeout: timeout)
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            stop()
            throw WorldError(message: "moto_world.py printed no world: \(line)")
        }
        info = object
    }

    struct WorldError: Error, CustomStringConvertible { var message: String; var description: String { message } }

    private func readLine(timeout: TimeInterval) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        let handle = output.fileHandleForReading
        while Date() < deadline {
            if let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer = Data(buffer[buffer.index(after: newline)...])
                return line
            }
            let chunk = handle.availableData
            if chunk.isEmpty { throw WorldError(message: "moto_world.py exited before printing its world (run it by hand to see why)") }
            buffer.append(chunk)
        }
        throw WorldError(message: "moto_world.py did not start within \(Int(timeout)) s")
    }

    /// The environment for meshcert and the aws CLI: this world only, fake credentials.
    var environment: [String: String] {
        ["AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "meshcerttest", "AWS_SECRET_ACCESS_KEY": "meshcerttest",
         "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_DEFAULT_REGION": "eu-west-1"]
    }

    /// `meshcert aws snapshot ARGS --out DIR` against this world (AWS_PROFILE and
    /// AWS_SESSION_TOKEN of the caller removed).
    func snapshot(_ arguments: [String], out: URL, timeout: TimeInterval = 900) throws -> MeshcertRun {
        try MeshcertBinary.run(["aws", "snapshot", "--out", out.path] + arguments, environment: environment, timeout: timeout,
                               launcher: ["/usr/bin/env", "-u", "AWS_PROFILE", "-u", "AWS_SESSION_TOKEN"])
    }

    /// Closes the helper's stdin (it stops) and returns its closing report.
    @discardableResult
    func stop() -> Report? {
        try? input.fileHandleForWriting.close()
        let line = try? readLine(timeout: 30)
        for _ in 0..<50 where process.isRunning { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        return line.flatMap { try? JSONDecoder().decode(Report.self, from: Data($0.utf8)) }
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

/// A snapshot folder read back: the manifest and the raw files it names.
struct AWSSnapshotFolder {
    let url: URL
    let manifest: [String: Any]

    init(_ url: URL) throws {
        self.url = url
        let data = try Data(contentsOf: url.appendingPathComponent("snapshot.json"))
        manifest = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    var calls: [[String: Any]] { manifest["calls"] as? [[String: Any]] ?? [] }

    func calls(_ service: String, _ operation: String) -> [[String: Any]] {
        calls.filter { $0["service"] as? String == service && $0["operation"] as? String == operation }
    }

    /// The raw JSON output of an ok call.
    func output(_ call: [String: Any]) throws -> [String: Any] {
        let file = try #require(call["file"] as? String, "call has no file: \(call)")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url.appendingPathComponent(file))) as? [String: Any] ?? [:]
    }

    static func temporary() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-aws-\(UUID().uuidString)")
    }
}
