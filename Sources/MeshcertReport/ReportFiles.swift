import Foundation
import MeshcertSupport
#if canImport(Glibc)
import Glibc
#endif

/// Writes report.json and report.html: the folder 0700, the files 0600 (a report names hosts,
/// files and weaknesses), each file replaced atomically so a reader never sees half a page.
public enum ReportFiles {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func write(directory: String, json: String?, html: String) throws(Failure) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isDir) {
            guard isDir.boolValue else { throw Failure(description: "--out \(directory): exists and is not a folder") }
        } else {
            do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) }
            catch { throw Failure(description: "--out \(directory): cannot create the folder (\(FileProblem.reason(error)))") }
        }
        guard chmod(directory, 0o700) == 0 else { throw Failure(description: "--out \(directory): cannot set its permissions to 0700") }
        if let json { try file(directory + "/report.json", json) }
        try file(directory + "/report.html", html)
    }

    static func file(_ path: String, _ text: String) throws(Failure) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
        var ok = fchmod(fd, 0o600) == 0
        let bytes = Array(text.utf8)
        var offset = 0
        while ok && offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 { if errno == EINTR { continue }; ok = false; break }
            offset += n
        }
        let reason = ok ? "" : String(cString: strerror(errno))
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Failure(description: "cannot write \(path): \(ok ? String(cString: strerror(errno)) : reason)")
        }
    }
}
