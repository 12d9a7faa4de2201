import Foundation

/// Wall time per phase, for `--stats` lines on stderr (never used in results or tests).
public struct PhaseClock: Sendable {
    private var last = DispatchTime.now().uptimeNanoseconds
    private var phases: [(String, Double)] = []

    public init() {}

    public mutating func mark(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        phases.append((name, Double(now - last) / 1e9))
        last = now
    }

    public func seconds(_ name: String) -> Double { phases.first { $0.0 == name }?.1 ?? 0 }

    public func summary() -> String {
        phases.map { String(format: "%@ %.3fs", $0.0, $0.1) }.joined(separator: " ")
            + String(format: " total %.3fs", phases.reduce(0) { $0 + $1.1 })
    }
}
