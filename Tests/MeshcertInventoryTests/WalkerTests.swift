import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import MeshcertInventory

/// The walker never loops, never reads what is not a regular file, and reports each case.
@Suite struct WalkerTests {
    private func tree() throws -> String {
        let dir = try Fixtures.temporaryFolder()
        try FileManager.default.createDirectory(atPath: dir + "/a/b", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.path("formats/leaf.pem"), toPath: dir + "/a/b/leaf.pem")
        return dir
    }

    @Test func symlinkLoopsAreFollowedOnce() throws {
        let dir = try tree()
        try FileManager.default.createSymbolicLink(atPath: dir + "/a/b/up", withDestinationPath: "../..")   // cycle
        try FileManager.default.createSymbolicLink(atPath: dir + "/alias", withDestinationPath: dir + "/a")  // alias
        let inv = try InventoryScanner.scan(paths: [dir], options: Fixtures.options())
        #expect(inv.summary.files == 1)
        #expect(inv.certificates.count == 1)
        #expect(inv.certificates[0].locations.count == 1)
        #expect(inv.errors.isEmpty)
    }

    @Test func gitFoldersAreSkipped() throws {
        let dir = try tree()
        try FileManager.default.createDirectory(atPath: dir + "/.git", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.path("cases/expired.pem"), toPath: dir + "/.git/x.pem")
        let inv = try InventoryScanner.scan(paths: [dir], options: Fixtures.options())
        #expect(inv.summary.files == 1)
    }

    @Test func specialFilesAreReportedNotRead() throws {
        let dir = try tree()
        #expect(mkfifo(dir + "/pipe.pem", 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: dir + "/zero.pem", withDestinationPath: "/dev/zero")
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling.pem", withDestinationPath: dir + "/nowhere")
        let socketPath = dir + "/sock"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(socketPath.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        let inv = try InventoryScanner.scan(paths: [dir], options: Fixtures.options())
        let codes = Dictionary(uniqueKeysWithValues: inv.errors.map { (URL(fileURLWithPath: $0.file).lastPathComponent, $0.code) })
        #expect(codes == ["pipe.pem": "fifo", "zero.pem": "device", "dangling.pem": "broken_symlink", "sock": "socket"])
        #expect(inv.certificates.count == 1, "the rest of the scan completes")
    }

    @Test func largeFilesAreNotRead() throws {
        let dir = try tree()
        var options = Fixtures.options()
        options.maxFileSize = 100
        let inv = try InventoryScanner.scan(paths: [dir], options: options)
        #expect(inv.errors.map(\.code) == ["file_too_large"])
        #expect(inv.certificates.isEmpty)
    }

    // Unreadable files: Tests/EndToEndTests/ScanPermissionEndToEndTests.swift, which also runs as
    // root (the scan runs as nobody in a child process).

    @Test func missingPathsAreAUsageError() {
        #expect(throws: InventoryScanner.MissingPaths.self) {
            try InventoryScanner.scan(paths: ["/nonexistent/meshcert"], options: Fixtures.options())
        }
    }
}
