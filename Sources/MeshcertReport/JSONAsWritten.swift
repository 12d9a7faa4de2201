import MeshcertSupport

extension JSON {
    /// The value as parsing its rendering gives it back, without rendering and parsing: numbers
    /// with a fraction keep the 3 decimals `render` writes (a non-finite one is `null`, a whole
    /// one past 1e15 an integer), everything else is already what the parser would build. A
    /// document decoded from this reads exactly like the one decoded from its text (`meshcert
    /// report` draws its page so, the same page `--rerender` draws from report.json).
    var asWritten: JSON { written() ?? self }

    /// nil when nothing inside changes (no copy of the large all-text parts of a document).
    private func written() -> JSON? {
        switch self {
        case .null, .bool, .int, .string: return nil
        case .double:
            // The parser's own reading of the number text `render` writes for d.
            if let back = try? JSON.parse(render()), back.differs(from: self) { return back }
            return nil
        case .array(let items):
            var out: [JSON]?
            for i in items.indices {
                guard let w = items[i].written() else { continue }
                if out == nil { out = items }
                out![i] = w
            }
            return out.map(JSON.array)
        case .object(let fields):
            var out: [(String, JSON)]?
            for i in fields.indices {
                guard let w = fields[i].1.written() else { continue }
                if out == nil { out = fields }
                out![i].1 = w
            }
            return out.map(JSON.object)
        }
    }

    /// A different scalar (bit for bit: 0.1 + 0.2 is not 0.3 as written).
    private func differs(from other: JSON) -> Bool {
        switch (self, other) {
        case (.double(let a), .double(let b)): return a.bitPattern != b.bitPattern
        default: return true
        }
    }
}
