import MeshcertSupport

/// Deadlines as users write them: `5s`, `250ms`, `1m`, or a bare number of seconds.
public enum TimeoutText {
    public static func seconds(_ text: String) -> Double? {
        let s = text.trimmingCharacters(in: .whitespaces)
        if s.hasSuffix("ms"), let v = Double(s.dropLast(2)), v > 0 { return v / 1000 }
        if let v = Double(s), v > 0 { return v }
        if let v = DurationText.parse(s), v > 0 { return Double(v) }
        return nil
    }
}

import Foundation
