import Testing

@Suite struct CLITests {
    @Test func helpListsEverySubcommand() throws {
        let run = try MeshcertBinary.run(["--help"])
        #expect(run.status == 0)
        for sub in ["scan", "mesh", "rotate", "handshake", "lab", "report"] {
            #expect(run.stdout.contains(sub), "--help should list \(sub)")
        }
    }

    @Test func usageErrorsExitTwo() throws {
        let run = try MeshcertBinary.run(["--no-such-flag"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no-such-flag"))
    }
}
