import Foundation

/// Wall time per phase: for `--stats` lines (`summary()`), and printed as each phase ends
/// (`lap`) when MESHCERT_TRACE_PHASES is set. For profiling only, never in results or tests.
public struct PhaseClock: Sendable {
    private var last = DispatchTime.now().uptimeNanoseconds
    private var phases: [(String, Double)] = []
    private let traced = getenv("MESHCERT_TRACE_PHASES") != nil

    public init() {}

    public mutating func mark(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        phases.append((name, Double(now - last) / 1e9))
        last = now
    }

    /// Marks a phase and, under MESHCERT_TRACE_PHASES, prints `phase <name>: <ms> ms` on stderr.
    public mutating func lap(_ name: String) {
        mark(name)
        if traced, let phase = phases.last { Terminal.warn("phase \(name): \(Int(phase.1 * 1000)) ms") }
    }

    public func seconds(_ name: String) -> Double { phases.first { $0.0 == name }?.1 ?? 0 }

    public func summary() -> String {
        phases.map { String(format: "%@ %.3fs", $0.0, $0.1) }.joined(separator: " ")
            + String(format: " total %.3fs", phases.reduce(0) { $0 + $1.1 })
    }
}
