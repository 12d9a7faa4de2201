#if canImport(Glibc)
import Glibc
#endif
import MeshcertSupport

/// Phase timings on stderr when MESHCERT_TRACE_PHASES is set (for profiling; never in tests).
struct PhaseClock {
    private let enabled = getenv("MESHCERT_TRACE_PHASES") != nil
    private var last = PhaseClock.now()

    mutating func lap(_ name: String) {
        guard enabled else { return }
        let t = PhaseClock.now()
        Terminal.warn("phase \(name): \(Int((t - last) * 1000)) ms")
        last = t
    }

    private static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
