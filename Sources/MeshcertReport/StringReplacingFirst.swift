import Foundation
import MeshcertSupport

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        asciiReplacingFirst(target, with: replacement) ?? foundationReplacingFirst(target, with: replacement)
    }

    func foundationReplacingFirst(_ target: String, with replacement: String) -> String {
        guard let r = range(of: target) else { return self }
        return replacingCharacters(in: r, with: replacement)
    }

    /// The same result by a byte search when both texts are ASCII (the rotation timeline's
    /// SVG, a megabyte for a large fleet: Foundation's `range(of:)` over it cost more than the
    /// rest of the page). nil: not ASCII, left to Foundation.
    func asciiReplacingFirst(_ target: String, with replacement: String) -> String? {
        let t = Array(target.utf8)
        guard t.allSatisfy({ $0 < 0x80 }) else { return nil }
        var text = self
        return text.withUTF8 { bytes -> String? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            guard let at = ByteSearch.firstIndex(of: t, in: bytes) else { return self }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + replacement.utf8.count)
            out.append(contentsOf: bytes[..<at])
            out.append(contentsOf: replacement.utf8)
            out.append(contentsOf: bytes[(at + t.count)...])
            return String(decoding: out, as: UTF8.self)
        }
    }
}
