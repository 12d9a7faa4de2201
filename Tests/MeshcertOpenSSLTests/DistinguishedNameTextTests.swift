import Foundation
import Testing
@testable import MeshcertOpenSSL

/// The Swift name reader must print exactly what OpenSSL prints (X509_NAME_print_ex with
/// XN_FLAG_RFC2253, first CN via ASN1_STRING_to_UTF8) for every Name it accepts, and leave the
/// rest (multi-valued RDNs, other string types, non-ASCII, unknown attribute types) to OpenSSL.
@Suite struct DistinguishedNameTextTests {
    static func tlv(_ tag: UInt8, _ value: [UInt8]) -> [UInt8] {
        precondition(value.count < 0x10000)
        let length: [UInt8] = value.count < 0x80 ? [UInt8(value.count)]
            : value.count < 0x100 ? [0x81, UInt8(value.count)] : [0x82, UInt8(value.count >> 8), UInt8(value.count & 0xFF)]
        return [tag] + length + value
    }

    /// A Name of RDNs, each a list of (attribute OID content, string tag, value bytes).
    static func name(_ rdns: [[([UInt8], UInt8, [UInt8])]]) -> [UInt8] {
        tlv(0x30, rdns.flatMap { rdn in tlv(0x31, rdn.flatMap { tlv(0x30, tlv(0x06, $0.0) + tlv($0.1, $0.2)) }) })
    }

    static let cn: [UInt8] = [0x55, 4, 3], o: [UInt8] = [0x55, 4, 10], c: [UInt8] = [0x55, 4, 6], ou: [UInt8] = [0x55, 4, 11]
    static let email: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x01]
    static let dc: [UInt8] = [0x09, 0x92, 0x26, 0x89, 0x93, 0xF2, 0x2C, 0x64, 0x01, 0x19]

    /// Every special character of RFC 2253 in every position, one-character values, empty ones.
    static func asciiCases() -> [[UInt8]] {
        var out: [[UInt8]] = []
        let specials = Array(",+\"\\<>;=# ".utf8)
        for s in specials {
            for value in [[s], [s, 0x61], [0x61, s], [0x61, s, 0x62], [s, s], [s, 0x61, s]] {
                for tag: UInt8 in [0x0C, 0x13, 0x16] {
                    out.append(name([[(cn, tag, value)], [(o, 0x0C, Array("Example, Inc.".utf8))]]))
                }
            }
        }
        out.append(name([]))
        out.append(name([[(c, 0x13, [])], [(cn, 0x0C, [])]]))
        out.append(name([[(dc, 0x16, Array("com".utf8))], [(dc, 0x16, Array("example".utf8))], [(ou, 0x0C, Array("  two  spaces  ".utf8))],
                         [(email, 0x16, Array("ops@example.com".utf8))], [(cn, 0x0C, Array("first".utf8))], [(cn, 0x13, Array("second".utf8))]]))
        return out
    }

    /// Shapes the Swift reader leaves to OpenSSL.
    static func fallbackCases() -> [[UInt8]] {
        [
            name([[(cn, 0x0C, Array("multi".utf8)), (o, 0x0C, Array("valued".utf8))]]),
            name([[(cn, 0x0C, Array("café".utf8))]]),
            name([[(cn, 0x0C, [0x61, 0x0A, 0x62])]]),
            name([[(cn, 0x0C, [0x61, 0x7F])]]),
            name([[(cn, 0x14, Array("t61".utf8))]]),
            name([[(cn, 0x1E, [0, 0x61])]]),
            name([[([0x2B, 6, 1, 4, 1, 0x82, 0x37, 1], 0x0C, Array("unknown type".utf8))]]),
            name([[(cn, 0x0C, [0xC3])]]),
            tlv(0x30, tlv(0x31, [])),
        ]
    }

    @Test func agreesWithOpenSSLOnEveryAcceptedName() {
        for der in Self.asciiCases() {
            let swift = DistinguishedNameText.read(der: der)
            let openSSL = DistinguishedNameText.openSSL(der: der)
            #expect(swift != nil, "declined \(der)")
            #expect(swift?.text == openSSL?.text, "\(swift?.text ?? "nil") vs \(openSSL?.text ?? "nil")")
            #expect(swift?.commonName == openSSL?.commonName)
        }
    }

    @Test func unusualShapesGoToOpenSSL() {
        for der in Self.fallbackCases() { #expect(DistinguishedNameText.read(der: der) == nil, "\(der)") }
    }

    @Test func agreesOnTheNamesOfEveryCertificateAndFuzzSeed() throws {
        var names: [[UInt8]] = []
        for (_, der) in try FastCertificateReaderTests.allCertificates() {
            DERReader.reading(der) { r in
                guard let cert = r.node(at: 0), let top = r.children(of: cert), let tbs = r.children(of: top[0]), tbs.count >= 6 else { return }
                names.append(r.slice(tbs[3].start..<tbs[3].end))
                names.append(r.slice(tbs[5].start..<tbs[5].end))
            }
        }
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let seeds = url.appendingPathComponent("Tests/Fixtures/fuzz/distinguished-name")
        for file in try FileManager.default.contentsOfDirectory(atPath: seeds.path) {
            names.append([UInt8](try Data(contentsOf: seeds.appendingPathComponent(file))))
        }
        var accepted = 0
        for der in names {
            guard let swift = DistinguishedNameText.read(der: der) else { continue }
            accepted += 1
            let openSSL = DistinguishedNameText.openSSL(der: der)
            #expect(swift.text == openSSL?.text && swift.commonName == openSSL?.commonName, "\(swift.text)")
        }
        #expect(accepted >= names.count * 3 / 4, "\(accepted) of \(names.count)")
    }
}
