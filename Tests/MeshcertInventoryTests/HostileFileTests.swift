import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import MeshcertInventory

/// Hostile files get a specific error, bounded time and memory, and the rest of the scan completes.
@Suite struct HostileFileTests {
    private func folderWithLeaf() throws -> String {
        let dir = try Fixtures.temporaryFolder()
        try FileManager.default.copyItem(atPath: Fixtures.path("formats/leaf.pem"), toPath: dir + "/leaf.pem")
        return dir
    }

    @Test func sparseTwoGigabyteFileIsNeverRead() throws {
        let dir = try folderWithLeaf()
        let fd = open(dir + "/huge.pem", O_CREAT | O_WRONLY, 0o600)
        #expect(fd >= 0)
        #expect(ftruncate(fd, 2 << 30) == 0)
        close(fd)
        let inv = try InventoryScanner.scan(paths: [dir], options: Fixtures.options())
        #expect(inv.errors.map(\.code) == ["file_too_large"])
        #expect(inv.errors.first?.message.contains("2147483648 bytes") == true)
        #expect(inv.certificates.count == 1)
        #expect(inv.summary.files == 1, "a file over the limit is not counted as read")
    }

    @Test func namesWithNewlinesAndInvalidUTF8AreReadAndPrintedSafely() throws {
        let dir = try folderWithLeaf()
        let pem = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/leaf.pem")))
        // "bad\n\xff\xfe.pem": a newline and bytes that are not UTF-8.
        let name: [UInt8] = Array((dir + "/bad").utf8) + [10, 0xFF, 0xFE] + Array(".pem".utf8) + [0]
        let fd = name.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o600) }
        }
        #expect(fd >= 0)
        _ = pem.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let inv = try InventoryScanner.scan(paths: [dir], options: Fixtures.options())
        #expect(inv.errors.isEmpty)
        let locations = inv.certificates.first?.locations.map(\.path) ?? []
        #expect(locations.count == 2, "the oddly named copy is read through its raw bytes")
        let odd = locations.first { $0.contains("bad") } ?? ""
        #expect(odd.hasSuffix("/bad\\n\\xff\\xfe.pem"))
        #expect(!odd.contains("\n"))
    }

    /// Each byte that is not UTF-8 prints as `\xNN`: names that differ only there stay apart.
    @Test(arguments: [
        ([0x63, 0x61, 0x66, 0xE9], "caf\\xe9"), ([0x63, 0x61, 0x66, 0xE8], "caf\\xe8"),
        ([0x63, 0x61, 0x66, 0xC3, 0xA9], "caf\u{E9}"),          // valid UTF-8 stays as it is
        ([0xE2, 0x82], "\\xe2\\x82"),                           // a cut sequence, byte by byte
        ([0x61, 0x01, 0x7F, 0x0A, 0xF0, 0x9F, 0x94, 0x91], "a\\x01\\x7f\\n\u{1F511}"),
    ] as [([UInt8], String)])
    func pathsPrintEveryByteApart(raw: [UInt8], display: String) {
        #expect(FilePath(raw: raw).display == display)
    }

    @Test func aMillionPEMBlocksEndInOneErrorInBoundedTime() throws {
        let dir = try folderWithLeaf()
        let block = Array("-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n".utf8)
        var data: [UInt8] = []
        data.reserveCapacity(block.count * 1_000_000)
        for _ in 0..<1_000_000 { data += block }
        try Data(data).write(to: URL(fileURLWithPath: dir + "/million.pem"))
        var options = Fixtures.options()
        options.maxFileSize = 128 << 20
        let inv = try InventoryScanner.scan(paths: [dir], options: options)
        #expect(inv.errors.count == 1)
        #expect(inv.errors.first?.code == "invalid_certificate")
        #expect(inv.errors.first?.message.hasSuffix("(and 999999 more blocks)") == true)
        #expect(inv.certificates.count == 1)
    }
}

/// Inputs that crashed a fuzz target (Scripts/fuzz.sh) stay here as regression tests.
@Suite struct FuzzRegressionTests {
    static let folder: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<2 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Fixtures/fuzz").path
    }()

    @Test(arguments: ["pem/headers-run-into-end-line.pem"])
    func crashingInputsNowGiveAnOrdinaryResult(_ file: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.folder + "/" + file)))
        let result = FileInspection.inspect(bytes: bytes, name: file)
        #expect(result.certificates.isEmpty)
        #expect(result.errors.count + result.others.count >= 1, "an error or a recognised object, never a crash")
    }
}
