import ArgumentParser
import MeshcertSupport

/// `--at TIME`: the evaluation time every time-dependent verdict is computed at, parsed once
/// for every subcommand. RFC 3339 (`2026-12-01T00:00:00Z`, offsets, fractions), a bare date or
/// `@EPOCH`; absent means now.
struct EvaluationTime: ExpressibleByArgument, Sendable {
    var seconds: EpochSeconds

    init?(argument: String) {
        guard let t = Timestamp.parse(argument) else { return nil }
        seconds = t
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

/// `--at` as an option group, so that every subcommand documents it the same way.
struct EvaluationTimeOption: ParsableArguments {
    @Option(help: ArgumentHelp("Evaluation time (RFC 3339, e.g. 2026-12-01T00:00:00Z, or @EPOCH); default now.", valueName: "time"),
            transform: { text in
                guard let t = EvaluationTime(argument: text) else {
                    throw ValidationError("not an RFC 3339 time such as 2026-12-01T00:00:00Z")
                }
                return t
            })
    var at: EvaluationTime?

    /// The given time, or now.
    var time: EpochSeconds { at?.seconds ?? Timestamp.now() }
}
