import MeshcertSupport

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

    /// Rounds half away from zero (as `rounded()`), without a libm call in the hot loop.
    @inline(__always)
    static func round(_ x: Double) -> Int64 {
        x >= 0 ? Int64(x + 0.5) : -Int64(-x + 0.5)
    }

    /// The part of a draw's key that names the task slot (seed, service name, slot index):
    /// computed once per slot. Keyed by the service's name, not its position, so that adding,
    /// removing or reordering services leaves the others' draws unchanged.
    static func key(seed: UInt64, service: String, task: Int) -> UInt64 {
        var name: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a over the UTF-8 name
        for byte in service.utf8 { name = (name ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        var h = mix(seed ^ 0x6D65_7368_6365_7274)  // "meshcert"
        h = mix(h ^ name)
        return mix(h ^ UInt64(truncatingIfNeeded: task))
    }

    /// Natural logarithm of x in (0, 1], in plain arithmetic (the same bits on every platform,
    /// and several times faster than libm's in the restart draw): x = 2^e × s with s in
    /// [1/√2, √2), ln s = 2 atanh z with z = (s-1)/(s+1), |z| ≤ 0.172, series to z^13
    /// (relative error below 1e-11, far under the whole second gaps are rounded to).
    @inline(__always)
    static func log(_ x: Double) -> Double {
        // Exponent and significand straight from the bits (what `exponent` and `significand`
        // give for a normal number, without their calls); other numbers take the general path.
        let bits = x.bitPattern, biased = Int((bits >> 52) & 0x7FF)
        let normal = biased != 0 && biased != 0x7FF && x > 0
        var e = normal ? Double(biased - 1023) : Double(x.exponent)
        var s = normal ? Double(bitPattern: bits & 0x000F_FFFF_FFFF_FFFF | 0x3FF0_0000_0000_0000) : x.significand  // [1, 2)
        if s > 1.414_213_562_373_095 {
            s *= 0.5
            e += 1
        }
        let z = (s - 1) / (s + 1), z2 = z * z
        let series = 1 + z2 * (1.0 / 3 + z2 * (1.0 / 5 + z2 * (1.0 / 7 + z2 * (1.0 / 9 + z2 * (1.0 / 11 + z2 * (1.0 / 13))))))
        return e * 0.693_147_180_559_945_3 + 2 * z * series
    }

    /// A uniform double in [0, 1) for (slot key, incarnation, purpose, n): the incarnation, the
    /// purpose and n are packed in one word and mixed twice into the slot's key.
    @inline(__always)
    static func unit(key: UInt64, incarnation: Int, _ purpose: Purpose, _ n: Int) -> Double {
        let word = UInt64(truncatingIfNeeded: incarnation) << 32 | purpose.rawValue << 28 | (UInt64(truncatingIfNeeded: n) & 0x0FFF_FFFF)
        let h = mix(mix(key ^ word))
        return Double(h >> 11) * 0x1.0p-53
    }

    static func unit(seed: UInt64, service: String, task: Int, incarnation: Int, _ purpose: Purpose, _ n: Int) -> Double {
        unit(key: key(seed: seed, service: service, task: task), incarnation: incarnation, purpose, n)
    }
}

/// Restart times and clock offsets of every task: drawn from the seed per (service, slot,
/// incarnation), so the simulator and the client-clock precomputation agree exactly.
struct TaskDraws {
    let seed: UInt64
    let start: EpochSeconds
    let skewMax: Int64

    /// Time of the restart that ends incarnation `incarnation` of a slot (Poisson: exponential gaps
    /// with mean 1 day / restartsPerDay, rounded to whole seconds, at least 1 s).
    func restart(after previous: EpochSeconds, service: String, slot: Int, incarnation: Int, perDay: Double) -> EpochSeconds {
        restart(after: previous, key: Draw.key(seed: seed, service: service, task: slot), incarnation: incarnation,
                meanGap: TaskDraws.meanGap(perDay: perDay))
    }

    /// Mean seconds between restarts (infinite without restarts).
    static func meanGap(perDay: Double) -> Double { perDay > 0 ? 86400 / perDay : .infinity }

    @inline(__always)
    func restart(after previous: EpochSeconds, key: UInt64, incarnation: Int, meanGap: Double) -> EpochSeconds {
        guard meanGap < .infinity else { return .max }
        let u = Draw.unit(key: key, incarnation: incarnation, .restart, 0)
        let gap = -Draw.log(1 - u) * meanGap
        if !(gap < 1e15) { return .max }
        return previous + max(1, Draw.round(gap))
    }

    /// Clock offset of one task, uniform over the integers in [-skewMax, +skewMax].
    @inline(__always)
    func skew(service: String, slot: Int, incarnation: Int) -> Int64 {
        guard skewMax > 0 else { return 0 }
        let u = Draw.unit(seed: seed, service: service, task: slot, incarnation: incarnation, .skew, 0)
        return min(skewMax, Int64((u * Double(2 * skewMax + 1)).rounded(.down)) - skewMax)
    }
}
