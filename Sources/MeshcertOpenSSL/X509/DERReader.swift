/// meshcert's one DER walker: tag, length, content range, children. It reads certificate fields
/// straight from the bytes (FastCertificateReader), so OpenSSL's full decoder (which eagerly
/// decodes the public key and takes global locks) runs only where it is needed, and it
/// recognises formats by shape for `meshcert scan` (DERSniffer in MeshcertInventory).
///
/// It lives here rather than in MeshcertSupport although it calls no OpenSSL: it exists only for
/// certificate material, its hot caller (FastCertificateReader) is in this module, where
/// whole-module optimisation inlines it on the scan's per-certificate path, and every module that
/// reads DER already depends on this one. MeshcertSupport stays plain text, time and output.

/// A TLV header as written: the declared length may run past the end of the bytes (a cut file).
public struct DERHeader: Sendable, Equatable {
    public var tag: UInt8
    public var headerLength: Int
    public var length: Int
    public var total: Int { headerLength + length }
}

/// A complete element: its header and its content both lie inside the bytes (or the limit given).
public struct DERNode: Sendable, Equatable {
    public var tag: UInt8
    public var start: Int          // first byte of the header
    public var content: Range<Int> // the value bytes
    public var end: Int { content.upperBound }
}

public struct DERReader {
    public let bytes: UnsafeBufferPointer<UInt8>

    public init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Runs `body` with a reader over `bytes` (valid only inside `body`).
    public static func reading<R>(_ bytes: [UInt8], _ body: (DERReader) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { try body(DERReader(bytes: $0)) }
    }

    /// The header at `offset`, whatever its tag byte, even when the content it declares runs
    /// past `limit` (how a cut file is recognised). Nil when the header itself does not fit or
    /// uses a length form DER never needs here (indefinite, or more than 4 length bytes).
    public func header(at offset: Int, limit: Int? = nil) -> DERHeader? {
        let limit = min(limit ?? bytes.count, bytes.count)  // never past the buffer, whatever the caller says
        guard offset >= 0, offset + 2 <= limit else { return nil }
        let first = Int(bytes[offset + 1])
        if first < 0x80 { return DERHeader(tag: bytes[offset], headerLength: 2, length: first) }
        let count = first & 0x7F
        guard count >= 1, count <= 4, offset + 2 + count <= limit else { return nil }
        var length = 0
        for i in 0..<count { length = (length << 8) | Int(bytes[offset + 2 + i]) }
        return DERHeader(tag: bytes[offset], headerLength: 2 + count, length: length)
    }

    /// The node at `offset`, or nil when the header is malformed, uses a multi-byte tag (never
    /// found in certificates), or the node runs past `limit`.
    public func node(at offset: Int, limit: Int? = nil) -> DERNode? {
        let limit = min(limit ?? bytes.count, bytes.count)  // never past the buffer, whatever the caller says
        guard let h = header(at: offset, limit: limit), h.tag & 0x1F != 0x1F, offset + h.total <= limit else { return nil }
        return DERNode(tag: h.tag, start: offset, content: (offset + h.headerLength)..<(offset + h.total))
    }

    /// The children of a constructed node, in order; nil if any child is malformed.
    public func children(of parent: DERNode) -> [DERNode]? {
        var out: [DERNode] = []
        out.reserveCapacity(8)   // a TBSCertificate has 8: one allocation, no regrowth
        var p = parent.content.lowerBound
        while p < parent.content.upperBound {
            guard let child = node(at: p, limit: parent.content.upperBound) else { return nil }
            out.append(child)
            p = child.end
        }
        return out
    }

    /// The children of a constructed node one by one, without building an array (the name
    /// reader's hot loop).
    public func childCursor(of parent: DERNode) -> DERChildCursor {
        DERChildCursor(reader: self, position: parent.content.lowerBound, end: parent.content.upperBound)
    }

    public func slice(_ r: Range<Int>) -> [UInt8] { Array(bytes[r]) }

    /// Whether the bytes in `a` and in `b` are the same.
    public func same(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        a.count == b.count && bytes[a].elementsEqual(bytes[b])
    }

    /// Whether the bytes in `r` are exactly `value`.
    public func equal(_ r: Range<Int>, _ value: [UInt8]) -> Bool {
        r.count == value.count && bytes[r].elementsEqual(value)
    }

    /// Whether `value` is written at `offset` (false when the bytes end before it does).
    public func hasBytes(_ value: [UInt8], at offset: Int) -> Bool {
        offset >= 0 && offset + value.count <= bytes.count && equal(offset..<(offset + value.count), value)
    }
}

/// `DERReader.childCursor(of:)`: the next child, nil at the end or at a malformed child
/// (`malformed` then says which).
public struct DERChildCursor {
    let reader: DERReader
    var position: Int
    let end: Int
    public private(set) var malformed = false

    public mutating func next() -> DERNode? {
        guard position < end else { return nil }
        guard let child = reader.node(at: position, limit: end) else {
            malformed = true
            position = end
            return nil
        }
        position = child.end
        return child
    }

    /// True when every child was read and none was malformed.
    public var finished: Bool { position >= end && !malformed }
}
