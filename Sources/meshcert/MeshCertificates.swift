import ArgumentParser
import Foundation
import MeshcertAppMesh
import MeshcertSupport

/// `--certs DIR`: the files configured paths are linked to.
enum MeshCertificates {
    static func linker(_ dirs: [String], at: EpochSeconds) throws -> CertificateLinker {
        var files: [ScannedCertificateFile] = []
        for dir in dirs {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) else {
                throw ValidationError("--certs \(dir): no such file or folder")
            }
            guard isDir.boolValue else { files.append(ScannedCertificateFile(path: dir)); continue }
            let base = URL(fileURLWithPath: dir)
            let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
            let prefix = dir.hasSuffix("/") ? String(dir.dropLast()) : dir
            let basePath = base.standardizedFileURL.path
            while let url = walker?.nextObject() as? URL {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
                let full = url.standardizedFileURL.path
                files.append(ScannedCertificateFile(path: full.hasPrefix(basePath) ? prefix + full.dropFirst(basePath.count) : full))
            }
        }
        return CertificateLinker(files: files, at: at)
    }
}
