import Foundation
@testable import MeshcertAppMesh

/// Writes files into a fresh temporary folder; removed by `cleanup()`.
struct TempFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-mesh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    var path: String { url.path }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

enum Fixtures {
    static let repoRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static var demoAWS: String { repoRoot.appendingPathComponent("Certs/appmesh/aws").path }
    static var demoK8s: String { repoRoot.appendingPathComponent("Certs/appmesh/k8s").path }

    /// Reads one in-memory file the way the loader reads files from disk.
    static func read(_ text: String, file: String = "input") -> AppMeshConfiguration {
        var out = FileContents()
        out.file = file
        AppMeshLoader.read(data: Data(text.utf8), file: file, into: &out)
        return AppMeshLoader.merge([out])
    }

    /// A describe-virtual-node envelope around `spec` (JSON text), as the aws CLI prints it.
    static func virtualNode(_ name: String, mesh: String = "m", spec: String,
                            meshOwner: String = "111122223333", resourceOwner: String = "111122223333") -> String {
        """
        {"virtualNode": {"meshName": "\(mesh)", "virtualNodeName": "\(name)",
          "metadata": {"arn": "arn:aws:appmesh:eu-west-1:\(resourceOwner):mesh/\(mesh)/virtualNode/\(name)",
                       "createdAt": "27/11/2026, 07:20:44", "lastUpdatedAt": 1764228044.5,
                       "meshOwner": "\(meshOwner)", "resourceOwner": "\(resourceOwner)", "uid": "u", "version": 1},
          "spec": \(spec), "status": {"status": "ACTIVE"}}}
        """
    }

    static func node(_ spec: String, kind: String = "virtualNode", meshOwner: String = "111122223333",
                     resourceOwner: String = "111122223333") -> MeshNode {
        let text = kind == "virtualNode"
            ? virtualNode("n", spec: spec, meshOwner: meshOwner, resourceOwner: resourceOwner)
            : """
              {"virtualGateway": {"meshName": "m", "virtualGatewayName": "g",
                "metadata": {"meshOwner": "\(meshOwner)", "resourceOwner": "\(resourceOwner)"}, "spec": \(spec)}}
              """
        return read(text).nodes[0]
    }

    static let strictFile = """
        {"mode": "STRICT", "certificate": {"file": {"certificateChain": "/etc/envoy/certs/users.pem", "privateKey": "/etc/envoy/certs/users.key"}}}
        """
}
