import Testing

@Suite struct CLITests {
    @Test func helpListsEverySubcommand() throws {
        let run = try MeshcertBinary.run(["--help"])
        #expect(run.status == 0)
        for sub in ["scan", "mesh", "rotate", "handshake", "lab", "report"] {
            #expect(run.stdout.contains(sub), "--help should list \(sub)")
        }
    }

    /// Options and arguments that take paths complete file or folder names in every shell.
    @Test func completionOffersPaths() throws {
        let bash = try MeshcertBinary.run(["--generate-completion-script", "bash"])
        #expect(bash.status == 0)
        #expect(bash.stdout.contains("'--trust')\n        __meshcert_add_completions -f"))
        #expect(bash.stdout.contains("'--out')\n        __meshcert_add_completions -d"))
        let zsh = try MeshcertBinary.run(["--generate-completion-script", "zsh"])
        #expect(zsh.stdout.contains("_files"))
    }

    @Test func usageErrorsExitTwo() throws {
        let run = try MeshcertBinary.run(["--no-such-flag"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no-such-flag"))
    }
}
