import ArgumentParser
import MeshcertAWS
import MeshcertSupport

/// `meshcert aws snapshot`: the account, read-only, into a snapshot folder.
struct AWSSnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Read the account read-only into a snapshot folder (raw aws CLI JSON + snapshot.json).",
        discussion: """
        Runs the aws CLI from PATH (profiles, SSO, roles and AWS_ENDPOINT_URL work as in your shell): \
        list, describe and get calls only, never a private key or secret value; throttled calls retried, \
        every call bounded by --timeout. Services read, layout and manifest: docs/aws-snapshot.md.

          meshcert aws snapshot --out snap --region eu-west-1
          meshcert aws snapshot --out snap --profile prod --hosted-zone example.com

        Exit codes: 0 every call answered or skipped; 1 some calls failed (the snapshot names them); \
        2 usage error, no aws CLI, or nothing could be read at all.
        """
    )

    @Option(help: ArgumentHelp("The snapshot folder (created; an earlier snapshot in it is replaced).", valueName: "dir"), completion: .directory)
    var out: String

    @OptionGroup var snapshot: AWSSnapshotOptions

    func run() async throws {
        let request = snapshot.request(out: out)
        let manifest = try await SnapshotCollector.run(request)
        for line in SnapshotSummaryText.serviceLines(manifest) { StandardOutput.print(line) }
        for line in SnapshotSummaryText.problemLines(manifest) { Terminal.warn(line) }
        StandardOutput.print(SnapshotSummaryText.totalLine(manifest, folder: out))
        let code = SnapshotCollector.exitCode(for: manifest)
        if code == 2 { throw SnapshotCollector.nothingRead }
        if code != 0 { throw ExitCode(code) }
    }
}
