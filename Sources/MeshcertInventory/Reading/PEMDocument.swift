import MeshcertSupport

/// One `-----BEGIN X-----` ... `-----END X-----` block found in a text file.
struct PEMBlock {
    var label: String
    /// RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`), present on traditional encrypted keys.
    var headers: [String: String]
    /// The decoded body.
    var der: [UInt8]
    /// Where the armored text (BEGIN line to END line) sits in the file: OpenSSL's PEM reader
    /// takes it back for keys.
    var armored: Range<Int>
}

enum PEMError: Error, Equatable {
    /// BEGIN without a matching END (a cut file).
    case truncated(label: String)
    /// The body is not base64.
    case invalidBase64(label: String)
    /// BEGIN and END labels differ.
    case mismatchedLabels(begin: String, end: String)
}

/// Finds PEM blocks in any text: text before, between and after the armor is ignored, CRLF and
/// LF line ends both work, any number of blocks. Written over raw bytes because it runs on
/// every file of an inventory (tens of thousands of blocks).
enum PEMDocument {
    private static let begin = Array("-----BEGIN ".utf8)
    private static let end = Array("-----END ".utf8)
    private static let dashes = Array("-----".utf8)

    /// True when the bytes contain a PEM BEGIN line (a cheap test used for format detection).
    static func hasArmor(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { ByteSearch.firstIndex(of: begin, in: $0) != nil }
    }

    /// Every block in order; on the first malformed block, the blocks before it and the error.
    static func blocks(in bytes: [UInt8]) -> (blocks: [PEMBlock], error: PEMError?) {
        bytes.withUnsafeBufferPointer { b in
            var blocks: [PEMBlock] = []
            var position = 0
            while let start = ByteSearch.firstIndex(of: begin, in: b, from: position) {
                let labelStart = start + begin.count
                guard let labelEnd = ByteSearch.firstIndex(of: dashes, in: b, from: labelStart),
                      !b[labelStart..<labelEnd].contains(10) else {
                    return (blocks, .truncated(label: "?"))
                }
                let label = String(decoding: b[labelStart..<labelEnd], as: UTF8.self)
                let bodyStart = labelEnd + dashes.count
                guard let endStart = ByteSearch.firstIndex(of: end, in: b, from: bodyStart) else { return (blocks, .truncated(label: label)) }
                let endLabelStart = endStart + end.count
                guard let endLabelEnd = ByteSearch.firstIndex(of: dashes, in: b, from: endLabelStart) else { return (blocks, .truncated(label: label)) }
                let endLabel = String(decoding: b[endLabelStart..<endLabelEnd], as: UTF8.self)
                guard endLabel == label else { return (blocks, .mismatchedLabels(begin: label, end: endLabel)) }
                let blockEnd = endLabelEnd + dashes.count

                let (headers, headerEnd) = readHeaders(b, from: bodyStart, to: endStart)
                let base64Start = min(headerEnd, endStart)   // headers may run up to the END line
                guard let der = decodeBase64(b, from: base64Start, to: endStart), !der.isEmpty else {
                    return (blocks, .invalidBase64(label: label))
                }
                blocks.append(PEMBlock(label: label, headers: headers, der: der, armored: start..<blockEnd))
                position = blockEnd
            }
            return (blocks, nil)
        }
    }

    /// RFC 1421 header lines (`Name: value`) right after the BEGIN line, up to a blank line.
    private static func readHeaders(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> ([String: String], Int) {
        // Skip the rest of the BEGIN line.
        var i = from
        while i < to && (b[i] == 13 || b[i] == 10 || b[i] == 32 || b[i] == 9) { i += 1 }
        var lineEnd = i
        while lineEnd < to && b[lineEnd] != 10 { lineEnd += 1 }
        guard b[i..<lineEnd].contains(58) else { return ([:], i) }  // no ':' on the first line: no headers
        var headers: [String: String] = [:]
        while i < to {
            var e = i
            while e < to && b[e] != 10 { e += 1 }
            var line = Substring(decoding: b[i..<e], as: UTF8.self)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if let colon = line.firstIndex(of: ":") {
                headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingSpaces()
                i = e + 1
            } else if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                return (headers, e + 1)  // the blank line after the headers
            } else {
                return (headers, i)
            }
        }
        return (headers, i)
    }

    // 0..63: value, 64: '=', 65: whitespace, 255: invalid.
    private static let table: [UInt8] = {
        var t = [UInt8](repeating: 255, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() { t[Int(c)] = UInt8(i) }
        t[Int(UInt8(ascii: "="))] = 64
        for c in [9, 10, 13, 32] { t[c] = 65 }
        return t
    }()

    /// Strict base64 (whitespace allowed anywhere, padding only at the end).
    private static func decodeBase64(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> [UInt8]? {
        var valid = true
        let out = [UInt8](unsafeUninitializedCapacity: (to - from) * 3 / 4 + 3) { o, written in
            table.withUnsafeBufferPointer { t in
                var w = 0
                var accumulator: UInt32 = 0
                var count = 0
                var padding = 0
                var i = from
                while i < to {
                    // Four data characters in a row with nothing pending (most of a PEM body):
                    // decoded at once. Anything else goes through the general steps below.
                    if count == 0 && padding == 0 && i + 4 <= to {
                        let v0 = t[Int(b[i])], v1 = t[Int(b[i + 1])], v2 = t[Int(b[i + 2])], v3 = t[Int(b[i + 3])]
                        if v0 | v1 | v2 | v3 < 64 {
                            let v = UInt32(v0) << 18 | UInt32(v1) << 12 | UInt32(v2) << 6 | UInt32(v3)
                            o[w] = UInt8(truncatingIfNeeded: v >> 16)
                            o[w + 1] = UInt8(truncatingIfNeeded: v >> 8)
                            o[w + 2] = UInt8(truncatingIfNeeded: v)
                            w += 3
                            i += 4
                            continue
                        }
                    }
                    let v = t[Int(b[i])]
                    i += 1
                    if v < 64 {
                        if padding > 0 { valid = false; break }
                        accumulator = accumulator << 6 | UInt32(v)
                        count += 1
                        if count == 4 {
                            o[w] = UInt8(truncatingIfNeeded: accumulator >> 16)
                            o[w + 1] = UInt8(truncatingIfNeeded: accumulator >> 8)
                            o[w + 2] = UInt8(truncatingIfNeeded: accumulator)
                            w += 3
                            accumulator = 0
                            count = 0
                        }
                    } else if v == 64 {
                        padding += 1
                        if padding > 2 { valid = false; break }
                    } else if v != 65 {
                        valid = false
                        break
                    }
                }
                if valid {
                    switch (count, padding) {
                    case (0, 0): break
                    case (2, 2), (2, 0):
                        o[w] = UInt8(truncatingIfNeeded: accumulator >> 4)
                        w += 1
                    case (3, 1), (3, 0):
                        o[w] = UInt8(truncatingIfNeeded: accumulator >> 10)
                        o[w + 1] = UInt8(truncatingIfNeeded: accumulator >> 2)
                        w += 2
                    default: valid = false
                    }
                }
                written = valid ? w : 0
            }
        }
        return valid ? out : nil
    }
}

private extension Substring {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
