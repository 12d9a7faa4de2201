import Foundation
import MeshcertOpenSSL
import MeshcertSupport

/// `meshcert handshake`'s inputs: one target (`connect`, `client`) or a plan of named checks.
public struct HandshakeRequest: Sendable {
    public enum Source: Sendable {
        /// `--connect HOST:PORT` with the client's trust, certificate and TLS versions.
        case target(String, serverName: String?, expect: HandshakeReason, client: TLSClientConfiguration)
        /// `--plan FILE`: trust, certificates, names and TLS versions come from the plan.
        case plan(String)
    }

    public var source: Source
    public var verificationTime: EpochSeconds?
    public var timeouts: HandshakeTimeouts
    /// For checks whose plan entry names no probe (and the one `--connect` check).
    public var httpProbe: String?
    public var warnDays: Int
    /// Plans name no policy: the command line's applies to every check.
    public var policy: VerificationPolicy
    public var engine: EngineOptions

    public init(source: Source, verificationTime: EpochSeconds?, timeouts: HandshakeTimeouts, httpProbe: String?, warnDays: Int,
                policy: VerificationPolicy, engine: EngineOptions) {
        self.source = source
        self.verificationTime = verificationTime
        self.timeouts = timeouts
        self.httpProbe = httpProbe
        self.warnDays = warnDays
        self.policy = policy
        self.engine = engine
    }
}

/// `meshcert handshake` as one call: the checks, run, rendered; `allMatched` false means exit 1.
/// An unreadable plan, trust, certificate or key file is a `CommandFailure` (exit 2).
public enum HandshakeCommand {
    public static func checks(_ request: HandshakeRequest) throws -> [HandshakeCheck] {
        var checks: [HandshakeCheck]
        switch request.source {
        case .plan(let plan):
            do {
                checks = try HandshakePlan.load(path: plan, timeouts: request.timeouts, at: request.verificationTime)
            } catch let error as HandshakePlan.Error {
                throw CommandFailure(error.description)
            }
            for i in checks.indices where checks[i].httpProbe == nil { checks[i].httpProbe = request.httpProbe }
        case .target(let connect, let serverName, let expect, let client):
            guard let target = Target(parsing: connect) else { throw CommandFailure("--connect '\(connect)' is not HOST:PORT") }
            for file in [client.trustFile, client.certificateFile, client.keyFile].compactMap({ $0 })
            where !FileManager.default.isReadableFile(atPath: file) {
                throw CommandFailure("cannot read '\(file)': \(FileProblem.unreadable(file))")
            }
            checks = [HandshakeCheck(name: target.description, target: target, serverName: serverName, client: client,
                                     expect: expect, timeouts: request.timeouts, httpProbe: request.httpProbe)]
        }
        for i in checks.indices {
            checks[i].warnDays = request.warnDays
            checks[i].client.policy = request.policy
        }
        return checks
    }

    public static func run(_ request: HandshakeRequest, json: Bool, colour: Bool) throws -> (output: String, allMatched: Bool) {
        let checks = try checks(request)
        let results: [HandshakeCheckResult]
        do { results = try HandshakeEngine.run(checks, options: request.engine) } catch { throw CommandFailure("\(error)") }
        let output = json ? try HandshakeDocument(results: results, at: request.verificationTime).render()
                          : HandshakeReport.table(results, colour: colour)
        return (output, !results.contains { !$0.matchedExpectation })
    }
}
