import ArgumentParser
import MeshcertSupport

/// `meshcert aws status` (placeholder on the aws-base branch; the status helper owns this file).
struct AWSStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "The blue/green migration tracker, per service.")
    func run() async throws { throw CommandFailure("not implemented yet") }
}
