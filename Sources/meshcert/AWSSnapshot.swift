import ArgumentParser
import MeshcertSupport

/// `meshcert aws snapshot` (placeholder on the aws-base branch; the snapshot helper owns this file).
struct AWSSnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "snapshot", abstract: "Read the account read-only into a snapshot folder.")
    func run() async throws { throw CommandFailure("not implemented yet") }
}
