import MeshcertSupport

/// Fixed-window throttle: at most `count` requests per window of `per` seconds, windows aligned
/// to the scenario start; a request finding its window full waits for the first later window
/// with room (requests are processed in time order, so only the latest window can be partly used).
struct RateLimiter {
    let count: Int
    let per: Int64
    let start: EpochSeconds
    var window: Int64 = -1
    var used = 0

    /// When a request made at `t` gets its turn, and in which window.
    func slot(for t: EpochSeconds) -> (window: Int64, at: EpochSeconds) {
        let own = (t - start) / per
        var w = max(own, window)
        if w == window && used >= count { w += 1 }
        return (w, w == own ? t : start + w * per)
    }

    mutating func take(_ w: Int64) {
        if w != window {
            window = w
            used = 0
        }
        used += 1
    }
}
