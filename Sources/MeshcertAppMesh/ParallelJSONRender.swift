import Foundation
import MeshcertSupport

/// Renders a top-level JSON object exactly as `JSON.render()` does, but renders the items of its
/// large arrays (10,000 nodes) on all cores: on big exports the single-threaded render of the
/// output costs as much as reading the input.
enum ParallelJSONRender {
    static func render(_ document: JSON, threshold: Int = 256) -> String {
        guard case .object(let fields) = document, !fields.isEmpty else { return document.render() }
        var parts: [String] = []
        for (key, value) in fields {
            let name = JSON.string(key).render()
            if case .array(let items) = value, items.count > threshold {
                let slots = Slots(count: items.count)
                DispatchQueue.concurrentPerform(iterations: items.count) { i in
                    slots.set(i, indent(items[i].render(), by: 4))
                }
                parts.append("  \(name): [\n    " + slots.values.joined(separator: ",\n    ") + "\n  ]")
            } else {
                parts.append("  \(name): " + indent(value.render(), by: 2))
            }
        }
        return "{\n" + parts.joined(separator: ",\n") + "\n}"
    }

    /// Adds `n` spaces after every line break (rendered JSON strings never hold a raw newline).
    static func indent(_ text: String, by n: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        for byte in text.utf8 {
            out.append(byte)
            if byte == 0x0A { for _ in 0..<n { out.append(0x20) } }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private final class Slots: @unchecked Sendable {
        // Each index is written once, by one thread; read after concurrentPerform returns.
        private var storage: [String]
        private let lock = NSLock()
        init(count: Int) { storage = Array(repeating: "", count: count) }
        func set(_ i: Int, _ s: String) { lock.lock(); storage[i] = s; lock.unlock() }
        var values: [String] { storage }
    }
}
