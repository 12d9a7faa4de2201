import Foundation
import Yams

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
        guard let data = FileManager.default.contents(atPath: path) else { throw LabError("\(path): cannot read the topology file") }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    public static func parse(_ text: String, source: String) throws -> LabTopology {
        let root: Any?
        do { root = try SafeYAML.load(text) } catch { throw LabError("\(source): not valid YAML: \(error)") }
        guard let top = root as? [String: Any], let list = top["services"] as? [Any], !list.isEmpty else {
            throw LabError("\(source): expected a non-empty top-level 'services:' list")
        }
        var services: [Service] = []
        for (i, item) in list.enumerated() {
            guard let entry = item as? [String: Any], let name = entry["name"] as? String, !name.isEmpty else {
                throw LabError("\(source): service \(i + 1) needs a 'name'")
            }
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                throw LabError("\(source): service name '\(name)' must be letters, digits and '-' (it becomes a DNS name)")
            }
            if let unknown = entry.keys.sorted().first(where: { !["name", "calls"].contains($0) }) {
                throw LabError("\(source): service '\(name)': unknown key '\(unknown)' (known: calls, name)")
            }
            let calls = entry["calls"] as? [String] ?? []
            if entry["calls"] != nil && entry["calls"] as? [String] == nil {
                throw LabError("\(source): service '\(name)': 'calls' must be a list of service names")
            }
            if services.contains(where: { $0.name == name }) { throw LabError("\(source): service '\(name)' is listed twice") }
            services.append(Service(name: name, calls: calls))
        }
        for s in services {
            for c in s.calls where !services.contains(where: { $0.name == c }) {
                throw LabError("\(source): '\(s.name)' calls '\(c)', which is not a listed service")
            }
        }
        let topology = LabTopology(services: services)
        if topology.clients.isEmpty { throw LabError("\(source): no service calls another; nothing to check") }
        return topology
    }
}

public struct LabError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
