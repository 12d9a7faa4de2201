import Foundation
import Testing

/// docs/man/meshcert.1 and the options blocks of docs/*.md are generated from the command
/// definitions (Scripts/man.sh). This fails when a help text changed and they were not
/// regenerated. It runs the generator of swift-argument-parser's generate-manual plugin directly
/// (`Scripts/man.sh --check-with`), never SwiftPM: a plugin run inside `swift test` would wait on
/// the build folder's lock. Scripts/test.sh builds the generator (`swift build --product
/// generate-manual`) next to the meshcert binary.
@Suite struct ManPageTests {
    /// The generator, as `swift build --product generate-manual` or the plugin names it.
    static var generator: URL? {
        let bin = MeshcertBinary.executable.deletingLastPathComponent()
        return ["generate-manual", "generate-manual-tool"].map { bin.appendingPathComponent($0) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    @Test func committedManPageAndOptionsAreWhatTheDefinitionsGive() throws {
        let generator = try #require(Self.generator, """
            swift-argument-parser's generate-manual is not built next to \(MeshcertBinary.executable.path): \
            Scripts/test.sh builds it (swift build --product generate-manual)
            """)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["Scripts/man.sh", "--check-with", generator.path, MeshcertBinary.executable.path]
        process.currentDirectoryURL = MeshcertBinary.repoRoot
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try MeshcertBinary.launch(process)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
    }
}
