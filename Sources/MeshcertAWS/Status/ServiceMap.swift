import Foundation
import MeshcertSupport

/// `--map FILE`: explicit blue/green pairs, for services whose names do not match. YAML or JSON:
///
///     pairs:
///       - name: orders                 # optional: the service's name in the output
///         blue: orders-v2.shop.local   # a virtual service name, a virtual node name, or MESH/NODE
///         green: orders-sc             # an ECS service name, CLUSTER/SERVICE, a discoveryName or a client alias dnsName
public struct ServiceMap: Codable, Sendable, Equatable {
    public var pairs: [Pair]

    public struct Pair: Codable, Sendable, Equatable {
        public var name: String?
        public var blue: String
        public var green: String
        public init(name: String? = nil, blue: String, green: String) {
            self.name = name
            self.blue = blue
            self.green = green
        }
    }

    public init(pairs: [Pair] = []) { self.pairs = pairs }

    /// Reads FILE; a `CommandFailure` (exit 2) naming the file and the field when it cannot be used.
    public static func load(path: String) throws -> ServiceMap {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("--map \(path): cannot be read") }
        let node: YAMLNode?
        do { node = try YAML.document(String(decoding: data, as: UTF8.self), file: path) } catch {
            throw CommandFailure("--map \(error.description)")
        }
        guard let node else { throw CommandFailure("--map \(path): empty; expected {pairs: [{blue, green, name?}]}") }
        do { return try JSONValueDecoder().decode(ServiceMap.self, from: node.value) } catch let error as DecodingError {
            throw CommandFailure("--map \(path): \(error.fieldDescription); expected {pairs: [{blue, green, name?}]}")
        }
    }
}
