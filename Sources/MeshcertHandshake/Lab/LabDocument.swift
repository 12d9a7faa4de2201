import MeshcertSupport

/// The `meshcert.lab.v1` document (`meshcert lab run --format json`): one typed model writes it
/// and reads it back. Field order is declaration order; it is a public contract.
public struct LabDocument: Codable, Sendable, Equatable {
    public static let schema = "meshcert.lab.v1"

    /// Always `meshcert.lab.v1`.
    public var schema: String
    /// Issuance and verification time.
    public var at: Instant
    /// The injected fault; null when none.
    public var fault: Fault?
    public var servers: [Server]
    /// The matrix: each client x each server x each world, with and without a client certificate.
    public var cells: [Cell]
    public var summary: HandshakeDocument.Summary

    /// The misconfiguration injected into one Service Connect server.
    public struct Fault: Codable, Sendable, Equatable {
        public var kind: LabFault
        public var service: String
        public var environment: LabEnvironment
    }

    /// One loopback server of the lab.
    public struct Server: Codable, Sendable, Equatable {
        public var service: String
        public var environment: LabEnvironment
        /// `HOST:PORT` it listens on.
        public var target: String
        public var serverName: String
        /// TLS versions it speaks: `1.2-1.3`, `1.3` or `1.2`.
        public var tls: String
        public var clientCertificate: ClientAuth
        /// What its certificate is (issuer and lifetime, in words).
        public var certificate: String
    }

    /// One cell: a client in one world calling a server in one world, and its handshake.
    public struct Cell: Codable, Sendable, Equatable {
        public var client: String
        public var clientEnvironment: LabEnvironment
        public var server: String
        public var serverEnvironment: LabEnvironment
        /// The client presented a client certificate.
        public var clientCertificate: Bool
        public var check: HandshakeDocument.Check
    }

    public init(schema: String = LabDocument.schema, at: Instant, fault: Fault?, servers: [Server], cells: [Cell],
                summary: HandshakeDocument.Summary) {
        self.schema = schema
        self.at = at
        self.fault = fault
        self.servers = servers
        self.cells = cells
        self.summary = summary
    }

    /// The document of a lab run: `results` are the matrix's, in the order of `world.cells`.
    public init(world: LabWorld, results: [HandshakeCheckResult]) {
        schema = Self.schema
        at = Instant(world.options.at)
        fault = world.servers.first(where: { $0.fault != nil }).map { s in
            Fault(kind: s.fault!, service: s.service, environment: s.environment)
        }
        servers = world.servers.map { s in
            Server(service: s.service, environment: s.environment, target: s.target.description, serverName: s.serverName,
                   tls: s.tls, clientCertificate: s.clientCertificate, certificate: s.certificate)
        }
        cells = zip(world.cells, results).map { cell, result in
            Cell(client: cell.client, clientEnvironment: cell.clientEnvironment, server: cell.server,
                 serverEnvironment: cell.serverEnvironment, clientCertificate: cell.withClientCertificate,
                 check: HandshakeDocument.Check(result))
        }
        summary = HandshakeDocument.Summary(results)
    }

    /// The document as a `JSON` value (what `meshcert report` embeds).
    public func json() throws -> JSON { try JSONValueEncoder().encode(self) }

    /// The document as written by `--format json` (pretty, no trailing newline).
    public func render(pretty: Bool = true) throws -> String { try json().render(pretty: pretty) }
}

extension LabFault: Codable {}
extension LabEnvironment: Codable {}
