#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One thing found while walking the inputs.
enum WalkItem {
    case file(path: String, size: Int)
    case problem(ScanError)
}

/// Walks files and folders recursively without ever looping or reading what is not a regular
/// file: folders are entered once each (device + inode, so symlinked folders are followed once),
/// `.git` is skipped, FIFOs, sockets and devices are reported, not opened.
struct FileWalker {
    var maxFileSize: Int
    private var visited = Set<FileIdentity>()
    private(set) var items: [WalkItem] = []

    private struct FileIdentity: Hashable { var device: UInt64; var inode: UInt64 }

    init(maxFileSize: Int) { self.maxFileSize = maxFileSize }

    /// Returns false when `path` does not exist at all (a usage error for the caller).
    mutating func walk(_ path: String) -> Bool {
        var st = stat()
        guard lstat(path, &st) == 0 else {
            items.append(.problem(ScanError(path: path, code: "not_found", message: "no such file or folder")))
            return false
        }
        visit(path, depth: 0)
        return true
    }

    private mutating func visit(_ path: String, depth: Int) {
        var link = stat()
        guard lstat(path, &link) == 0 else {
            items.append(.problem(ScanError(path: path, code: "unreadable", message: String(cString: strerror(errno)))))
            return
        }
        var st = link
        let isLink = (link.st_mode & S_IFMT) == S_IFLNK
        if isLink {
            guard stat(path, &st) == 0 else {
                let reason = errno == ELOOP ? "symbolic link loop" : "broken symbolic link"
                items.append(.problem(ScanError(path: path, code: "broken_symlink", message: reason)))
                return
            }
        }
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            let id = FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
            guard visited.insert(id).inserted else { return }  // already walked (symlink cycle or alias)
            guard depth < 64 else {
                items.append(.problem(ScanError(path: path, code: "too_deep", message: "folder nesting deeper than 64 levels")))
                return
            }
            walkDirectory(path, depth: depth)
        case S_IFREG:
            let size = Int(st.st_size)
            if size > maxFileSize {
                items.append(.problem(ScanError(path: path, code: "file_too_large",
                    message: "\(size) bytes is over --max-file-size (\(maxFileSize) bytes); not read")))
            } else {
                items.append(.file(path: path, size: size))
            }
        case S_IFIFO:
            items.append(.problem(ScanError(path: path, code: "fifo", message: "named pipe (FIFO); not read" + (isLink ? " (via symbolic link)" : ""))))
        case S_IFSOCK:
            items.append(.problem(ScanError(path: path, code: "socket", message: "socket; not read" + (isLink ? " (via symbolic link)" : ""))))
        case S_IFCHR, S_IFBLK:
            items.append(.problem(ScanError(path: path, code: "device", message: "device file; not read" + (isLink ? " (via symbolic link)" : ""))))
        default:
            items.append(.problem(ScanError(path: path, code: "not_regular_file", message: "not a regular file; not read")))
        }
    }

    private mutating func walkDirectory(_ path: String, depth: Int) {
        guard let dir = opendir(path) else {
            let code = errno == EACCES ? "permission_denied" : "unreadable"
            items.append(.problem(ScanError(path: path, code: code, message: "cannot open folder: \(String(cString: strerror(errno)))")))
            return
        }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." || name == ".git" { continue }
            names.append(name)
        }
        closedir(dir)
        let base = path.hasSuffix("/") ? path : path + "/"
        for name in names.sorted() { visit(base + name, depth: depth + 1) }
    }
}
