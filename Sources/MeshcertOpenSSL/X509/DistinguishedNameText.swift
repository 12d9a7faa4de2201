internal import COpenSSL

/// RFC 2253 text and first CN of a Name, read from its DER in Swift, byte for byte as OpenSSL's
/// `X509_NAME_print_ex(XN_FLAG_RFC2253)` and `ASN1_STRING_to_UTF8` give them, for the common
/// shape only: single-valued RDNs of attribute types OpenSSL names, whose values are
/// UTF8String, PrintableString or IA5String of printable ASCII. Anything else returns nil and
/// goes through OpenSSL (`FastCertificateReader.name`). FuzzDistinguishedName compares both.
public enum DistinguishedNameText {
    /// The Swift reading of a Name's DER (the whole TLV), or nil when it is not of the common shape.
    public static func read(der: [UInt8]) -> (text: String, commonName: String?)? {
        DERReader.reading(der) { r in
            guard let node = r.node(at: 0), node.end == der.count else { return nil }
            return read(r, node)
        }
    }

    /// OpenSSL's reading (`d2i_X509_NAME`, `X509_NAME_print_ex` with XN_FLAG_RFC2253, the first
    /// CN through `ASN1_STRING_to_UTF8`); nil when OpenSSL does not decode it.
    public static func openSSL(_ der: UnsafeBufferPointer<UInt8>) -> (text: String, commonName: String?)? {
        guard let base = der.baseAddress else { return nil }
        var cursor: UnsafePointer<UInt8>? = base
        guard let decoded = d2i_X509_NAME(nil, &cursor, der.count) else {
            OpenSSLErrorQueue.clear()
            return nil
        }
        defer { X509_NAME_free(decoded) }
        return (X509Certificate.rfc2253(decoded), X509Certificate.commonName(decoded))
    }

    public static func openSSL(der: [UInt8]) -> (text: String, commonName: String?)? {
        der.withUnsafeBufferPointer { openSSL($0) }
    }

    /// DER writes every length in its shortest form; OpenSSL refuses a Name that does not
    /// (`30 81 00`), so the Swift reader leaves such a Name to it (found by FuzzDistinguishedName).
    static func minimal(_ node: DERNode) -> Bool {
        let length = node.content.count
        let shortest = length < 0x80 ? 2 : length < 0x100 ? 3 : length < 0x10000 ? 4 : length < 0x1000000 ? 5 : 6
        return node.content.lowerBound - node.start == shortest
    }

    static func read(_ r: DERReader, _ name: DERNode) -> (text: String, commonName: String?)? {
        guard name.tag == 0x30, minimal(name) else { return nil }
        // (short name, value range) per RDN, in DER order; printed last to first. Children are
        // walked with a cursor: no array per RDN and attribute (thousands of names per scan).
        var entries: [(short: String, value: Range<Int>)] = []
        entries.reserveCapacity(8)
        var commonName: String?
        var rdns = r.childCursor(of: name)
        while let rdn = rdns.next() {
            // One AVA per RDN, itself exactly (type OID, value).
            var avas = r.childCursor(of: rdn)
            guard rdn.tag == 0x31, minimal(rdn), let ava = avas.next(), avas.next() == nil, avas.finished,
                  ava.tag == 0x30, minimal(ava) else { return nil }
            var pair = r.childCursor(of: ava)
            guard let type = pair.next(), let value = pair.next(), pair.next() == nil, pair.finished,
                  type.tag == 0x06, minimal(type), minimal(value) else { return nil }
            guard value.tag == 0x0C || value.tag == 0x13 || value.tag == 0x16,
                  !r.bytes[value.content].contains(where: { $0 < 0x20 || $0 > 0x7E }),
                  let short = AttributeNames.short(r.bytes[type.content]) else { return nil }
            entries.append((short, value.content))
            if commonName == nil && short == "CN" { commonName = String(decoding: r.bytes[value.content], as: UTF8.self) }
        }
        guard rdns.finished else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(name.end - name.start)
        for (i, entry) in entries.reversed().enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: entry.short.utf8)
            out.append(UInt8(ascii: "="))
            escape(r.bytes[entry.value], into: &out)
        }
        return (String(decoding: out, as: UTF8.self), commonName)
    }

    /// OpenSSL's RFC 2253 escaping of printable ASCII (`do_buf`/`do_esc_char` in a_strex.c):
    /// `,+"\<>;` always, `#` and space as the first character, space as the last (for a
    /// one-character value only the last-character rule applies, as in OpenSSL).
    private static func escape(_ value: Slice<UnsafeBufferPointer<UInt8>>, into out: inout [UInt8]) {
        let first = value.startIndex, last = value.endIndex - 1
        for i in value.indices {
            let c = value[i]
            var escaped: Bool
            switch c {
            case UInt8(ascii: ","), UInt8(ascii: "+"), UInt8(ascii: "\""), UInt8(ascii: "\\"),
                 UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ";"):
                escaped = true
            default:
                escaped = false
            }
            if i == last {
                if c == UInt8(ascii: " ") { escaped = true }
            } else if i == first {
                if c == UInt8(ascii: " ") || c == UInt8(ascii: "#") { escaped = true }
            }
            if escaped { out.append(UInt8(ascii: "\\")) }
            out.append(c)
        }
    }
}

/// OpenSSL's short names (`OBJ_nid2sn`) of the attribute types the Swift name reader prints,
/// by DER OID content, computed once from OpenSSL so the two can never disagree.
enum AttributeNames {
    private struct Table: @unchecked Sendable { let entries: [(oid: [UInt8], short: String)] }

    /// Most frequent first (CN, O, OU, C...): a name's types are found by a short linear search
    /// without building a key.
    private static let table: Table = {
        var map: [(oid: [UInt8], short: String)] = []
        for text in ["2.5.4.3", "2.5.4.10", "2.5.4.11", "2.5.4.6", "2.5.4.8", "2.5.4.7", "2.5.4.5", "2.5.4.4", "2.5.4.9",
                     "2.5.4.12", "2.5.4.17", "2.5.4.42", "2.5.4.43", "2.5.4.44", "2.5.4.46", "2.5.4.65", "2.5.4.97",
                     "1.2.840.113549.1.9.1", "0.9.2342.19200300.100.1.1", "0.9.2342.19200300.100.1.25"] {
            guard let obj = OBJ_txt2obj(text, 1) else { continue }
            defer { ASN1_OBJECT_free(obj) }
            let nid = OBJ_obj2nid(obj)
            guard nid != NID_undef, let sn = OBJ_nid2sn(nid), let data = OBJ_get0_data(obj) else { continue }
            map.append((Array(UnsafeBufferPointer(start: data, count: OBJ_length(obj))), String(cString: sn)))
        }
        OpenSSLErrorQueue.clear()
        return Table(entries: map)
    }()

    static func short(_ oid: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
        for entry in table.entries where entry.oid.count == oid.count && entry.oid.elementsEqual(oid) { return entry.short }
        return nil
    }
}
