import MeshcertSupport

/// One certificate track of a task: the scenario's (in `Slot`) or the cost alternative's (other
/// lifetime and renewal age, sharing the task's restarts). `RotationRules` moves it from event
/// to event.
struct RenewalTrack {
    /// Next request (renewal due, retry, first request) or completion of an accepted request
    /// (never, when the track is not simulated).
    var actionAt: EpochSeconds = .max
    /// notBefore of the track's current certificate.
    var notBefore: EpochSeconds = 0
    /// Certificates completed by the current task (numbers the jitter draws).
    var certificates: Int32 = 0
    /// The pending action is the completion of an accepted request.
    var isCompletion = false
}

/// One task slot's state (64 bytes: one cache line, as the global queue visits slots in time
/// order). The slot keeps its index across restarts; `incarnation` counts them.
struct Slot {
    /// Draw key of this slot (seed, service, slot index), see `Draw.key`.
    var key: UInt64
    var service: Int32
    var index: Int32
    var incarnation: Int32 = 0
    var hasCertificate = false
    var fromNewCA = false
    /// When the current task started (window start or its restart): waiting is measured from here.
    var startedAt: EpochSeconds = 0
    var nextRestart: EpochSeconds = .max
    var track = RenewalTrack()

    init(key: UInt64, service: Int32, index: Int32) {
        self.key = key
        self.service = service
        self.index = index
    }

    var next: EpochSeconds { min(nextRestart, track.actionAt) }

    /// A restart wins a tie with the task's own action (a request at its second is not made).
    var restartComesFirst: Bool { nextRestart <= track.actionAt }

    /// The alternative track's action goes first only strictly before both of the task's events.
    @inline(__always)
    func alternativeComesFirst(_ alt: RenewalTrack) -> Bool { alt.actionAt < track.actionAt && alt.actionAt < nextRestart }

    /// notAfter is notBefore + lifetime; the issue time is notBefore + backdate.
    @inline(__always) func notAfter(_ lifetime: Int64) -> EpochSeconds { track.notBefore + lifetime }
}

/// What `LimitedRun` resolved for a slice (the turns of both tracks' requests) and what its dry
/// run drew (restart times, jittered renewal ages), replayed in the same order by the real run.
struct SliceReplay {
    var turns: [EpochSeconds] = []
    var altTurns: [EpochSeconds] = []
    var restarts: [Int64] = []
    var ages: [Int64] = []
    var turnCursor = 0, altTurnCursor = 0, restartCursor = 0, ageCursor = 0

    @inline(__always) mutating func nextTurn() -> EpochSeconds { defer { turnCursor += 1 }; return turns[turnCursor] }
    @inline(__always) mutating func nextAltTurn() -> EpochSeconds { defer { altTurnCursor += 1 }; return altTurns[altTurnCursor] }
    @inline(__always) mutating func nextRestart() -> EpochSeconds { defer { restartCursor += 1 }; return restarts[restartCursor] }
    @inline(__always) mutating func nextAge() -> Int64 { defer { ageCursor += 1 }; return ages[ageCursor] }

    /// Every entry was used: the real run took the dry run's steps.
    var consumed: Bool {
        turnCursor == turns.count && altTurnCursor == altTurns.count && restartCursor == restarts.count && ageCursor == ages.count
    }
}
