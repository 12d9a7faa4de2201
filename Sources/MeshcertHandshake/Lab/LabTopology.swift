import Foundation
import MeshcertSupport

/// Which services call which. Default: the App Mesh guide's sample application,
/// frontend → users and stock.
public struct LabTopology: Sendable, Equatable {
    public struct Service: Sendable, Equatable {
        public var name: String
        public var calls: [String]

        public init(name: String, calls: [String] = []) {
            self.name = name
            self.calls = calls
        }
    }

    public var services: [Service]

    public init(services: [Service]) { self.services = services }

    public static let sample = LabTopology(services: [
        Service(name: "frontend", calls: ["users", "stock"]),
        Service(name: "users", calls: []),
        Service(name: "stock", calls: []),
    ])

    /// Services something calls, in first-mention order: each gets servers.
    public var servers: [String] {
        var seen: [String] = []
        for s in services { for c in s.calls where !seen.contains(c) { seen.append(c) } }
        return seen
    }

    /// Services that call something: each is a client in the matrix.
    public var clients: [Service] { services.filter { !$0.calls.isEmpty } }

    /// Reads a topology file:
    ///     services:
    ///       - name: frontend
    ///         calls: [users, stock]
    ///       - name: users
    public static func load(path: String) throws -> LabTopology {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(file: path, code: "unreadable", message: "cannot read the topology file")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    /// Problems are `Diagnostic`s naming the file, line and field.
    public static func parse(_ text: String, source: String) throws -> LabTopology {
        func fail(_ node: YAMLNode?, _ field: String, _ code: String, _ message: String) -> Diagnostic {
            Diagnostic(file: source, line: node?.line, column: node?.column, field: field, code: code, message: message)
        }
        let root = try YAML.document(text, file: source)
        if let key = root?.firstComplexKey { throw fail(key, "", "not_yaml", "mapping keys must be plain text") }
        guard let top = root?.fields, let listNode = top["services"], let list = listNode.items, !list.isEmpty else {
            throw fail(root, "", "wrong_type", "expected a non-empty top-level 'services:' list")
        }
        var services: [Service] = []
        for (i, item) in list.enumerated() {
            let here = "services[\(i)]"
            guard let entry = item.fields, let name = entry["name"]?.text, !name.isEmpty else {
                throw fail(item, here, "missing_field", "service \(i + 1) needs a 'name'")
            }
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                throw fail(entry["name"], here + ".name", "invalid_value", "service name '\(name)' must be letters, digits and '-' (it becomes a DNS name)")
            }
            if let unknown = item.pairs?.first(where: { !["name", "calls"].contains($0.key.text ?? "") }) {
                throw fail(unknown.key, here, "unknown_field", "service '\(name)': unknown key '\(unknown.key.text ?? "")' (known: calls, name)")
            }
            var calls: [String] = []
            if let node = entry["calls"] {
                guard let items = node.items, items.allSatisfy({ $0.text != nil }) else {
                    throw fail(node, here + ".calls", "wrong_type", "service '\(name)': 'calls' must be a list of service names")
                }
                calls = items.compactMap(\.text)
            }
            if services.contains(where: { $0.name == name }) {
                throw fail(entry["name"], here + ".name", "invalid_value", "service '\(name)' is listed twice")
            }
            services.append(Service(name: name, calls: calls))
        }
        for (i, s) in services.enumerated() {
            for c in s.calls where !services.contains(where: { $0.name == c }) {
                throw fail(list[i].fields?["calls"], "services[\(i)].calls", "invalid_value", "'\(s.name)' calls '\(c)', which is not a listed service")
            }
        }
        let topology = LabTopology(services: services)
        if topology.clients.isEmpty { throw fail(listNode, "services", "invalid_value", "no service calls another; nothing to check") }
        return topology
    }
}

/// The lab cannot start (its PKI, its folder, a fault for a service it does not run).
public struct LabError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
