import Foundation
import Testing
import MeshcertAppMesh

/// Hostile configuration files: each gets an ordinary result (skipped or an error entry naming the
/// file), never a crash, a hang or a stack overflow.
@Suite struct HostileConfigTests {
    @Test func deeplyNestedJSONIsSkippedNotAStackOverflow() {
        let text = "{\"virtualNode\":" + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000) + "}"
        let result = AppMeshLoader.inspect(data: Data(text.utf8), file: "deep.json")
        #expect(result.nodes == 0)
    }

    @Test func deeplyNestedYAMLIsSkippedNotAStackOverflow() {
        var text = "apiVersion: appmesh.k8s.aws/v1beta2\nkind: VirtualNode\nspec:\n"
        for depth in 1..<3000 { text += String(repeating: "  ", count: depth) + "a:\n" }
        let result = AppMeshLoader.inspect(data: Data(text.utf8), file: "deep.yaml")
        #expect(result.nodes <= 1)
    }

    @Test func hugeNumbersAreAFieldErrorNotATrap() {
        let port = "1" + String(repeating: "0", count: 400)
        let text = #"{"virtualNode": {"meshName": "m", "virtualNodeName": "n", "spec": {"listeners": [{"portMapping": {"port": "# + port + #", "protocol": "http"}}]}}}"#
        let result = AppMeshLoader.inspect(data: Data(text.utf8), file: "bignum.json")
        #expect(result.recognised)
        #expect(result.errors.contains { $0.file == "bignum.json" })
    }
}
