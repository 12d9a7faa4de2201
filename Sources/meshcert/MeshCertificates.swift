import ArgumentParser
import Foundation
import MeshcertAppMesh
import MeshcertInventory
import MeshcertSupport

/// `--certs DIR`: the certificate inventory (as `meshcert scan` builds it) that configured paths link to.
enum MeshCertificates {
    static func linker(_ dirs: [String], at: EpochSeconds) throws -> CertificateLinker {
        do {
            let inventory = try InventoryScanner.scan(paths: dirs, options: ScanOptions(evaluatedAt: at))
            return CertificateLinker(inventory: inventory)
        } catch {
            throw CommandFailure("--certs \(error.paths.joined(separator: ", ")): no such file or folder")
        }
    }
}
