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
    /// The man page generator drops what is not ASCII (a "×" became a double space), so every
    /// --help, of the tool and of each subcommand, stays ASCII.
    @Test func helpTextIsASCII() throws {
        let top = try MeshcertBinary.run(["--help"]).stdout
        var commands: [[String]] = [[]]
        for sub in ["scan", "mesh", "rotate", "handshake", "verify", "lab", "report", "watch", "aws"] {
            commands.append([sub])
            let help = try MeshcertBinary.run([sub, "--help"]).stdout
            // Subcommands of a group, as its SUBCOMMANDS section lists them.
            if let section = help.range(of: "SUBCOMMANDS:") {
                for line in help[section.upperBound...].split(separator: "\n") {
                    let words = line.split(separator: " ")
                    // A name line: two spaces, then a lowercase name (not a wrapped line, not "See ...").
                    if line.hasPrefix("  ") && !line.hasPrefix("   "), let word = words.first,
                       word.allSatisfy({ ($0.isLetter && $0.isLowercase) || $0 == "-" }) {
                        commands.append([sub, String(word)])
                    }
                }
            }
        }
        #expect(top.unicodeScalars.allSatisfy { $0.isASCII })
        for command in commands {
            let text = try MeshcertBinary.run(command + ["--help"]).stdout
            let odd = text.unicodeScalars.filter { !$0.isASCII }
            #expect(odd.isEmpty, "meshcert \(command.joined(separator: " ")) --help has \(String(String.UnicodeScalarView(odd)))")
        }
        #expect(commands.count > 15, "\(commands)")
    }

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

    /// A negative number after an option is its value (ArgumentParser alone read `-3` as an
    /// unknown option and reported a missing value): the option's own check answers.
    @Test func negativeNumbersAreOptionValues() throws {
        for (arguments, message) in [(["scan", "Certs", "--jobs", "-3"], "--jobs must be 0 (one per core) or more"),
                                     (["scan", "Certs", "--warn-days", "-1"], "--warn-days must be 0 or more")] {
            let run = try MeshcertBinary.run(arguments)
            #expect(run.status == 2)
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
            let joined = try MeshcertBinary.run(Array(arguments.dropLast(2)) + [arguments[2] + "=" + arguments[3]])
            #expect(joined.stderr == run.stderr, "the same as --option=value")
        }
    }
}
