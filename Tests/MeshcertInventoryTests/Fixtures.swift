import Foundation
import MeshcertInventory
import MeshcertSupport

/// The committed scan corpus (Tests/Fixtures/scan, made by generate-scan-corpus.py) and a
/// scan of it at a fixed time. Nothing here reads the clock.
enum Fixtures {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<2 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Fixtures/scan").path
    }()

    static let evaluatedAt = Timestamp.parse("2026-12-02T00:00:00Z")!

    static func options(passwords: [String] = ["wrong-one", "s3cret-p12"]) -> ScanOptions {
        var o = ScanOptions(evaluatedAt: evaluatedAt)
        o.pkcs12Passwords = passwords
        return o
    }

    /// One scan of the whole corpus shared by the tests that only read it.
    static let corpus: Inventory = try! InventoryScanner.scan(paths: [root], options: options())

    static func certificate(cn: String, in inv: Inventory = corpus) -> CertificateEntry? {
        inv.certificates.first { $0.details.subjectCommonName == cn }
    }

    static func path(_ relative: String) -> String { root + "/" + relative }

    /// A fresh temporary folder for tests that build their own file trees.
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "meshcert-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
