import ArgumentParser

/// `meshcert aws`: the live migration read from the account (snapshot) and tracked per service (status).
struct AWS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws",
        abstract: "Read the live migration from an AWS account and track blue/green progress per service.",
        subcommands: [AWSSnapshotCommand.self, AWSStatusCommand.self]
    )
}
