import ArgumentParser

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// `--format table|json`, the same for every subcommand that prints a table or its JSON document.
struct OutputFormatOption: ParsableArguments {
    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    var json: Bool { format == .json }
}
