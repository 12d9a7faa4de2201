import Foundation

/// Deterministic random draws keyed by what they are for (seed, service, task, incarnation,
/// purpose, counter) rather than by a shared stream: a draw never depends on the order in which
/// events happen to be processed, so the same scenario and seed always give the same output.
enum Draw {
    enum Purpose: UInt64 {
        case restart = 1, skew = 2, jitter = 3
    }

    /// SplitMix64's finalizer: a good 64-bit mixer.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1).
    @inline(__always)
    static func unit(seed: UInt64, service: Int, task: Int, incarnation: Int, _ purpose: Purpose, _ n: Int) -> Double {
        var h = mix(seed ^ 0x6D65_7368_6365_7274)  // "meshcert"
        h = mix(h ^ UInt64(truncatingIfNeeded: service))
        h = mix(h ^ UInt64(truncatingIfNeeded: task))
        h = mix(h ^ UInt64(truncatingIfNeeded: incarnation))
        h = mix(h ^ purpose.rawValue)
        h = mix(h ^ UInt64(truncatingIfNeeded: n))
        return Double(h >> 11) * 0x1.0p-53
    }
}
