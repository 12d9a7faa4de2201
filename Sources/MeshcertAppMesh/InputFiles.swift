#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Plain POSIX file listing and reading: exports hold tens of thousands of small files, and
/// Foundation's URL resource lookups cost more than parsing them.
enum InputFiles {
    /// Regular files under `path` (itself when it is a file), sorted, paths as the user wrote them.
    /// Symbolic links to files are followed; links to folders are not (no cycles).
    static func list(_ path: String) -> [String]? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        if (st.st_mode & S_IFMT) != S_IFDIR { return (st.st_mode & S_IFMT) == S_IFREG ? [path] : [] }
        var out: [String] = []
        walk(path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path, depth: 0, into: &out)
        return out.sorted()
    }

    private static func walk(_ dir: String, depth: Int, into out: inout [String]) {
        guard depth < 64, let handle = opendir(dir) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let full = dir == "/" ? "/" + name : dir + "/" + name
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
                var st = stat()
                // Links: follow to files only.
                guard stat(full, &st) == 0 else { continue }
                let isLink = type == UInt8(DT_LNK)
                switch st.st_mode & S_IFMT {
                case S_IFREG: type = UInt8(DT_REG)
                case S_IFDIR: type = isLink ? UInt8(DT_LNK) : UInt8(DT_DIR)
                default: continue
                }
            }
            if type == UInt8(DT_REG) { out.append(full) }
            else if type == UInt8(DT_DIR) { walk(full, depth: depth + 1, into: &out) }
        }
    }

    enum ReadResult {
        case bytes([UInt8])
        case tooLarge
        case failed(String)
    }

    static func read(_ path: String, maxSize: Int) -> ReadResult {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failed(String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failed(String(cString: strerror(errno))) }
        let size = Int(st.st_size)
        guard size <= maxSize else { return .tooLarge }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, size - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            done += n
        }
        if done < size { bytes.removeLast(size - done) }
        return .bytes(bytes)
    }

    /// Whether `bytes` contain `needle` (runs several times on every file that is not JSON:
    /// `memchr` to each candidate first byte, then `memcmp`).
    static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard let first = n.first, bytes.count >= n.count else { return false }
        return bytes.withUnsafeBufferPointer { hay in
            n.withUnsafeBufferPointer { pin in
                let base = hay.baseAddress!
                var offset = 0
                let last = hay.count - pin.count
                while offset <= last {
                    guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
                    let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + at, pin.baseAddress!, pin.count) == 0 { return true }
                    offset = at + 1
                }
                return false
            }
        }
    }
}
