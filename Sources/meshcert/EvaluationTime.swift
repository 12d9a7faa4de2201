import ArgumentParser
import MeshcertSupport

/// `--at TIME`: the evaluation time every time-dependent verdict is computed at, parsed once
/// for every subcommand. RFC 3339 (`2026-12-01T00:00:00Z`, offsets, fractions), a bare date or
/// `@EPOCH`; absent means now.
struct EvaluationTime: ExpressibleByArgument, Sendable {
    var seconds: EpochSeconds

    /// Years 0001 to 9999, what a certificate's validity can say (GeneralizedTime); beyond, an
    /// `@EPOCH` typo would print years like 3170843.
    static let range: ClosedRange<EpochSeconds> = -62_135_596_800...253_402_300_799

    init?(argument: String) {
        guard let t = Timestamp.parse(argument), Self.range.contains(t) else { return nil }
        seconds = t
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

/// `--at` as an option group, so that every subcommand documents it the same way.
struct EvaluationTimeOption: ParsableArguments {
    @Option(help: ArgumentHelp("Evaluation time (RFC 3339, e.g. 2026-12-01T00:00:00Z, or @EPOCH); default now.", valueName: "time"),
            transform: { text in
                guard let t = EvaluationTime(argument: text) else {
                    if Timestamp.parse(text) != nil { throw ValidationError("'\(text)' is outside the years 0001 to 9999") }
                    throw ValidationError("not an RFC 3339 time such as 2026-12-01T00:00:00Z, nor @EPOCH seconds such as @1796083200")
                }
                return t
            })
    var at: EvaluationTime?

    /// The given time, or now.
    var time: EpochSeconds { at?.seconds ?? Timestamp.now() }
}
