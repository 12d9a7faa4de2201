import Foundation

/// One `-----BEGIN X-----` ... `-----END X-----` block found in a text file.
struct PEMBlock {
    var label: String
    /// RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`), present on traditional encrypted keys.
    var headers: [String: String]
    /// The decoded body.
    var der: [UInt8]
    /// The armored text itself (OpenSSL's PEM reader takes it back for keys).
    var armored: [UInt8]
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
/// LF line ends both work, any number of blocks.
enum PEMDocument {
    private static let begin = Array("-----BEGIN ".utf8)
    private static let end = Array("-----END ".utf8)
    private static let dashes = Array("-----".utf8)

    /// True when the bytes contain a PEM BEGIN line (a cheap test used for format detection).
    static func hasArmor(_ bytes: [UInt8]) -> Bool {
        find(begin, in: bytes, from: 0) != nil
    }

    /// Every block in order; on the first malformed block, the blocks before it and the error.
    static func blocks(in bytes: [UInt8]) -> (blocks: [PEMBlock], error: PEMError?) {
        var blocks: [PEMBlock] = []
        var position = 0
        while let start = find(begin, in: bytes, from: position) {
            let labelStart = start + begin.count
            guard let labelEnd = find(dashes, in: bytes, from: labelStart),
                  !bytes[labelStart..<labelEnd].contains(10) else {
                return (blocks, .truncated(label: "?"))
            }
            let label = String(decoding: bytes[labelStart..<labelEnd], as: UTF8.self)
            let bodyStart = labelEnd + dashes.count
            guard let endStart = find(end, in: bytes, from: bodyStart) else {
                return (blocks, .truncated(label: label))
            }
            let endLabelStart = endStart + end.count
            guard let endLabelEnd = find(dashes, in: bytes, from: endLabelStart) else {
                return (blocks, .truncated(label: label))
            }
            let endLabel = String(decoding: bytes[endLabelStart..<endLabelEnd], as: UTF8.self)
            guard endLabel == label else { return (blocks, .mismatchedLabels(begin: label, end: endLabel)) }
            let blockEnd = endLabelEnd + dashes.count

            var headers: [String: String] = [:]
            var base64: [UInt8] = []
            base64.reserveCapacity(endStart - bodyStart)
            for rawLine in bytes[bodyStart..<endStart].split(separator: 10, omittingEmptySubsequences: true) {
                var line = rawLine
                while let last = line.last, last == 13 || last == 32 || last == 9 { line = line.dropLast() }
                while let first = line.first, first == 32 || first == 9 { line = line.dropFirst() }
                if line.isEmpty { continue }
                if let colon = line.firstIndex(of: 58) {  // "Name: value" header line
                    let key = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
                    let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                    headers[key] = value
                    continue
                }
                base64.append(contentsOf: line)
            }
            guard let der = decodeBase64(base64), !der.isEmpty else { return (blocks, .invalidBase64(label: label)) }
            blocks.append(PEMBlock(label: label, headers: headers, der: der, armored: Array(bytes[start..<blockEnd])))
            position = blockEnd
        }
        return (blocks, nil)
    }

    private static func decodeBase64(_ text: [UInt8]) -> [UInt8]? {
        // Strict alphabet check first: Foundation's decoder would otherwise accept junk silently.
        for c in text {
            let ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 43 || c == 47 || c == 61
            if !ok { return nil }
        }
        guard let data = Data(base64Encoded: Data(text)) else { return nil }
        return [UInt8](data)
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard needle.count <= hay.count, from <= hay.count - needle.count else { return nil }
        let first = needle[0]
        var i = from
        let last = hay.count - needle.count
        return hay.withUnsafeBufferPointer { h in
            while i <= last {
                if h[i] == first {
                    var j = 1
                    while j < needle.count && h[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return i }
                }
                i += 1
            }
            return nil
        }
    }
}
