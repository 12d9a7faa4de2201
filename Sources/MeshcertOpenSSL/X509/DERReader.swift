/// A minimal DER walker: tag, length, content range. Used to read inventory fields straight from
/// the bytes, so OpenSSL's full decoder (which eagerly decodes the public key and takes global
/// locks) runs only where it is needed: signature checks and unusual certificates.
struct DERNode {
    var tag: UInt8
    var start: Int          // first byte of the header
    var content: Range<Int> // the value bytes
    var end: Int { content.upperBound }
}

struct DERReader {
    let bytes: UnsafeBufferPointer<UInt8>

    /// The node at `offset`, or nil when the header is malformed or runs past `limit`.
    func node(at offset: Int, limit: Int? = nil) -> DERNode? {
        let limit = limit ?? bytes.count
        guard offset + 2 <= limit else { return nil }
        let tag = bytes[offset]
        guard tag & 0x1F != 0x1F else { return nil }  // multi-byte tags never occur in certificates
        let first = Int(bytes[offset + 1])
        var length = 0
        var header = 2
        if first < 0x80 {
            length = first
        } else {
            let count = first & 0x7F
            guard count >= 1, count <= 4, offset + 2 + count <= limit else { return nil }
            for i in 0..<count { length = (length << 8) | Int(bytes[offset + 2 + i]) }
            header += count
        }
        guard offset + header + length <= limit else { return nil }
        return DERNode(tag: tag, start: offset, content: (offset + header)..<(offset + header + length))
    }

    /// The children of a constructed node, in order; nil if any child is malformed.
    func children(of parent: DERNode) -> [DERNode]? {
        var out: [DERNode] = []
        var p = parent.content.lowerBound
        while p < parent.content.upperBound {
            guard let child = node(at: p, limit: parent.content.upperBound) else { return nil }
            out.append(child)
            p = child.end
        }
        return out
    }

    func slice(_ r: Range<Int>) -> [UInt8] { Array(bytes[r]) }

    func equal(_ r: Range<Int>, _ value: [UInt8]) -> Bool {
        r.count == value.count && bytes[r].elementsEqual(value)
    }
}
