import Foundation
import Testing

/// Every `$ meshcert ...` block of the README's tour prints what the README shows: each run of
/// lines between `...` must appear, in order, in the real output. The handshake block (it starts
/// an `openssl s_server` first, and prints timings) is left out; `out/` becomes a temporary folder.
@Suite struct ReadmeTourTests {
    struct Example {
        var command: String
        var shown: [String]
    }

    static func examples() throws -> [Example] {
        let readme = try String(contentsOf: MeshcertBinary.repoRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var examples: [Example] = []
        for block in readme.components(separatedBy: "```\n").dropFirst() {
            var lines = block.components(separatedBy: "\n")
            guard let first = lines.first, first.hasPrefix("$ meshcert ") else { continue }
            if let end = lines.firstIndex(where: { $0.hasPrefix("```") }) { lines = Array(lines[..<end]) }
            while lines.last == "" { lines.removeLast() }
            var command = String(first.dropFirst(2))
            var index = 1
            while command.hasSuffix("\\"), index < lines.count {
                command = String(command.dropLast()) + " " + lines[index].trimmingCharacters(in: .whitespaces)
                index += 1
            }
            examples.append(Example(command: command, shown: Array(lines[index...])))
        }
        return examples
    }

    @Test func theTourPrintsWhatTheReadmeShows() throws {
        let examples = try Self.examples()
        #expect(examples.count >= 7, "the tour has a block per subcommand")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-tour-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.path + "/"
        for example in examples {
            let command = example.command.replacingOccurrences(of: " out/", with: " " + out)
            let shown = example.shown.map { $0.replacingOccurrences(of: "out/", with: out) }
            let real = try Self.shell(command).components(separatedBy: "\n")
            var chunks: [[String]] = [[]]
            for line in shown { if line == "..." { chunks.append([]) } else { chunks[chunks.count - 1].append(line) } }
            var position = 0
            for chunk in chunks where !chunk.isEmpty {
                let found = position <= real.count - chunk.count
                    ? (position...(real.count - chunk.count)).first { Array(real[$0..<($0 + chunk.count)]) == chunk }
                    : nil
                guard let found else {
                    Issue.record("README: `\(example.command)` no longer prints:\n\(chunk.joined(separator: "\n"))\nIt prints:\n\(real.joined(separator: "\n"))")
                    break
                }
                position = found + chunk.count
            }
        }
    }

    /// Runs `command` with /bin/sh in the repository root, the built meshcert first on the PATH.
    static func shell(_ command: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = MeshcertBinary.repoRoot
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["PATH"] = MeshcertBinary.executable.deletingLastPathComponent().path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        process.environment = env
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try MeshcertBinary.launch(process)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
