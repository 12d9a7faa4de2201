import Foundation

/// Why a file could not be read or written, in words a user can act on (Foundation's own text
/// for a failed write is "The operation could not be completed").
public enum FileProblem {
    /// Why `path` cannot be read as a file: it does not exist, is a folder, or access is denied.
    public static func unreadable(_ path: String) -> String {
        guard let folder = isFolder(path) else { return "does not exist" }
        if folder { return "is a folder, not a file" }
        return FileManager.default.isReadableFile(atPath: path) ? "cannot be read" : "permission denied"
    }

    /// Whether `path` is a folder; nil when nothing is there.
    public static func isFolder(_ path: String) -> Bool? {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) ? folder.boolValue : nil
    }

    /// The reason of a failed Foundation file operation: the POSIX error underneath when there is
    /// one ("Is a directory", "No such file or directory"), else Foundation's description.
    /// `writing`: the file that was being written, to name the usual causes Foundation leaves
    /// unnamed (a folder in the way, a folder missing).
    public static func reason(_ error: any Error, writing path: String? = nil) -> String {
        if let path {
            if isFolder(path) == true { return "is a folder, not a file" }
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty && !FileManager.default.fileExists(atPath: parent) {
                return "the folder \(parent) does not exist"
            }
        }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return error.localizedDescription
    }
}
