import MeshcertSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One thing found while walking the inputs.
enum WalkItem {
    /// A regular file; `sizeChecked` false when the walker took its type from the folder
    /// listing and left the --max-file-size check to the reader.
    case file(FilePath, sizeChecked: Bool)
    case problem(Diagnostic)
}

/// A path as the file system has it (bytes: names need not be UTF-8) and as meshcert prints it
/// (control characters such as a newline, and bytes that are not UTF-8, shown escaped).
struct FilePath: Sendable {
    var raw: [UInt8]

    init(_ string: String) { raw = Array(string.utf8) }
    init(raw: [UInt8]) { self.raw = raw }

    func appending(_ name: [UInt8]) -> FilePath {
        FilePath(raw: raw.last == UInt8(ascii: "/") ? raw + name : raw + [UInt8(ascii: "/")] + name)
    }

    /// The path as text: `\n`, `\t`, `\r` and `\xNN` for control characters, `\xNN` for each
    /// byte that is not part of valid UTF-8 (names that differ only in such bytes print apart;
    /// U+FFFD for every bad byte made them alike).
    var display: String {
        // Checked on the bytes (runs once per file): an ASCII byte always decodes to itself, so
        // the control characters of the text are exactly those of the bytes.
        if !raw.contains(where: { $0 < 0x20 || $0 == 0x7F }), let text = String(validating: raw, as: UTF8.self) {
            return text
        }
        var out = ""
        func hex(_ v: UInt32) { out += "\\x" + (v < 16 ? "0" : "") + String(v, radix: 16) }
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = raw.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let encoded):
                offset += encoded.count
                let scalar = Unicode.UTF8.decode(encoded)
                switch scalar {
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F { hex(scalar.value) } else { out.unicodeScalars.append(scalar) }
                }
            case .error(let length):
                for k in offset..<offset + length { hex(UInt32(raw[k])) }
                offset += length
            case .emptyInput:
                return out
            }
        }
    }

    /// Calls `body` with a NUL-terminated C path.
    func withCString<T>(_ body: (UnsafePointer<CChar>) -> T) -> T {
        // On the stack (one open per file: no heap copy of the path).
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: raw.count + 1) { b in
            raw.withUnsafeBufferPointer { r in
                for i in r.indices { b[i] = CChar(bitPattern: r[i]) }
            }
            b[raw.count] = 0
            return body(b.baseAddress!)
        }
    }
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
            items.append(.problem(Diagnostic(file: path, code: "not_found", message: "no such file or folder")))
            return false
        }
        visit(FilePath(path), depth: 0)
        return true
    }

    private mutating func visit(_ filePath: FilePath, depth: Int) {
        let path = filePath.display
        var link = stat()
        guard filePath.withCString({ lstat($0, &link) }) == 0 else {
            items.append(.problem(Diagnostic(file: path, code: "unreadable", message: String(cString: strerror(errno)))))
            return
        }
        var st = link
        let isLink = (link.st_mode & S_IFMT) == S_IFLNK
        if isLink {
            guard filePath.withCString({ stat($0, &st) }) == 0 else {
                let reason = errno == ELOOP ? "symbolic link loop" : "broken symbolic link"
                items.append(.problem(Diagnostic(file: path, code: "broken_symlink", message: reason)))
                return
            }
        }
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            let id = FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
            guard visited.insert(id).inserted else { return }  // already walked (symlink cycle or alias)
            guard depth < 64 else {
                items.append(.problem(Diagnostic(file: path, code: "too_deep", message: "folder nesting deeper than 64 levels")))
                return
            }
            walkDirectory(filePath, depth: depth)
        case S_IFREG:
            let size = Int(st.st_size)
            if size > maxFileSize {
                items.append(.problem(Diagnostic(file: path, code: "file_too_large",
                    message: "\(size) bytes is over --max-file-size (\(maxFileSize) bytes); not read")))
            } else {
                items.append(.file(filePath, sizeChecked: true))
            }
        case S_IFIFO, S_IFSOCK, S_IFCHR, S_IFBLK:
            let code = st.st_mode & S_IFMT == S_IFIFO ? "fifo" : st.st_mode & S_IFMT == S_IFSOCK ? "socket" : "device"
            items.append(.problem(Diagnostic(file: path, code: code,
                message: "\(Self.kindName(st.st_mode)!); not read" + (isLink ? " (via symbolic link)" : ""))))
        default:
            items.append(.problem(Diagnostic(file: path, code: "not_regular_file", message: "not a regular file; not read")))
        }
    }

    /// What a file that is not a regular one is, as the walker and the reader name it.
    static func kindName(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFDIR: return "folder"
        case S_IFIFO: return "named pipe (FIFO)"
        case S_IFSOCK: return "socket"
        case S_IFCHR, S_IFBLK: return "device file"
        default: return nil
        }
    }

    private mutating func walkDirectory(_ filePath: FilePath, depth: Int) {
        guard let dir = filePath.withCString({ opendir($0) }) else {
            let code = errno == EACCES ? "permission_denied" : "unreadable"
            items.append(.problem(Diagnostic(file: filePath.display, code: code, message: "cannot open folder: \(String(cString: strerror(errno)))")))
            return
        }
        var names: [(name: [UInt8], regular: Bool)] = []
        while let entry = readdir(dir) {
            let name: [UInt8] = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: UInt8.self, capacity: 256) { p in
                    Array(UnsafeBufferPointer(start: p, count: strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))))
                }
            }
            if name == [46] || name == [46, 46] || name == [46, 103, 105, 116] { continue }  // ".", "..", ".git"
            names.append((name, entry.pointee.d_type == UInt8(DT_REG)))
        }
        closedir(dir)
        for (name, regular) in names.sorted(by: { $0.name.lexicographicallyPrecedes($1.name) }) {
            // A regular file (as the folder says) is not stat'ed here: the reader's fstat on the
            // open file checks its type and size anyway (one stat per file, not two).
            if regular { items.append(.file(filePath.appending(name), sizeChecked: false)) }
            else { visit(filePath.appending(name), depth: depth + 1) }
        }
    }
}
