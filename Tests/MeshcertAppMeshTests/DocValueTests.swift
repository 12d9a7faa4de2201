import Foundation
import Testing
import MeshcertSupport
@testable import MeshcertAppMesh

@Suite struct DocValueJSONTests {
    @Test func agreesWithFoundationOnTheDemoExport() throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: Fixtures.demoAWS).filter { $0.hasSuffix(".json") }
        #expect(files.count >= 10)
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.demoAWS + "/" + file))
            let ours = try DocValue.json(data)
            let theirs = try JSONSerialization.jsonObject(with: data)
            #expect(Self.same(ours, theirs), "\(file)")
        }
    }

    static func same(_ a: DocValue, _ b: Any) -> Bool {
        switch (a, b) {
        case (.null, is NSNull): return true
        case (.string(let s), let t as String): return s == t
        case (.bool(let x), let n as NSNumber): return String(cString: n.objCType) == "c" && n.boolValue == x
        case (.int(let x), let n as NSNumber): return String(cString: n.objCType) != "c" && n.int64Value == Int64(x)
        case (.double(let x), let n as NSNumber): return n.doubleValue == x
        case (.array(let xs), let ys as [Any]): return xs.count == ys.count && zip(xs, ys).allSatisfy { same($0, $1) }
        case (.object(let xs), let ys as [String: Any]):
            return xs.count == ys.count && xs.allSatisfy { k, v in ys[k].map { same(v, $0) } ?? false }
        default: return false
        }
    }
}

@Suite struct YAMLScalarTests {
    @Test func plainScalarsAreTypedQuotedOnesAreStrings() {
        #expect(DocValue.plain("8080") == .int(8080))
        #expect(DocValue.plain("-3") == .int(-3))
        #expect(DocValue.plain("0x1F") == .int(31))
        #expect(DocValue.plain("1.5") == .double(1.5))
        #expect(DocValue.plain("true") == .bool(true) && DocValue.plain("off") == .bool(false))
        #expect(DocValue.plain("~") == .null && DocValue.plain("") == .null)
        #expect(DocValue.plain("STRICT") == .string("STRICT"))
        #expect(DocValue.plain("1.2.3") == .string("1.2.3"))
        #expect(DocValue.plain("-") == .string("-"))
        #expect(DocValue.plain("111122223333") == .int(111122223333))
        let config = Fixtures.read("""
            apiVersion: appmesh.k8s.aws/v1beta2
            kind: VirtualNode
            metadata: {name: q}
            spec:
              meshRef: {name: m}
              listeners: [{portMapping: {port: "8080", protocol: http}}]
            """)
        #expect(config.errors.first?.field == "document 1 (VirtualNode q).spec.listeners[0].portMapping.port")
    }
}

@Suite struct ParallelJSONRenderTests {
    @Test func sameBytesAsTheSerialRenderer() {
        let result = MeshAnalyzer.analyze(AppMeshLoader.load(paths: [Fixtures.demoAWS, Fixtures.demoK8s]))
        let doc = MeshDocument(result).json()
        #expect(ParallelJSONRender.render(doc, threshold: 0) == doc.render())
        #expect(MeshDocument(result).render() == doc.render())
        let empty = JSON.object([("a", .array([])), ("b", .object([]))])
        #expect(ParallelJSONRender.render(empty, threshold: 0) == empty.render())
    }
}
