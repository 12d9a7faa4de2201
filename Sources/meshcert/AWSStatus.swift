import ArgumentParser
import Foundation
import MeshcertAWS
import MeshcertSupport

/// `meshcert aws status DIR`: the blue/green migration tracker over a snapshot folder.
struct AWSStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "The blue/green migration tracker, per service, read from a snapshot folder.",
        discussion: """
        Pairs every App Mesh service (blue) with its ECS Service Connect copy (green) by name or --map, \
        and says where each stands (blocked, not_started, green_deployed, shifting, migrated) with its \
        findings. --live takes a snapshot first (the options of `meshcert aws snapshot`). States, \
        findings and schema: docs/aws-status.md.

          meshcert aws status snap/
          meshcert aws status snap/ --format json --map pairs.yaml --fail-on blocked
          meshcert aws status --live --profile prod --region eu-west-1

        Exit codes: 0 done; 1 a service is blocked (with --fail-on blocked); 2 usage error, an \
        unreadable snapshot or --map file, or (--live) nothing could be read from the account.
        """
    )

    @Argument(help: ArgumentHelp("Snapshot folder written by `meshcert aws snapshot` (with --live: where the new snapshot goes).", valueName: "dir"), completion: .directory)
    var directory: String?

    @Flag(help: "Take a snapshot of the account first (the snapshot options below), then track it.")
    var live = false

    @OptionGroup(title: "Snapshot options (with --live)") var snapshot: AWSSnapshotOptions

    @OptionGroup var format: OutputFormatOption

    @Option(name: .customLong("green-set"), help: ArgumentHelp(
        "A Route 53 SetIdentifier or ALB target group name that is green whatever it resolves to (repeatable).", valueName: "id"))
    var greenSets: [String] = []

    @Option(help: ArgumentHelp("Explicit blue/green pairs (YAML or JSON): {pairs: [{name?, blue, green}]}.", valueName: "file"), completion: .file())
    var map: String?

    @OptionGroup var time: EvaluationTimeOption

    @Option(name: .customLong("warn-days"), help: "Warn when a Private CA or ACM certificate ends within this many days.")
    var warnDays: Int = 90

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit 1 when a service is in this state (blocked).", valueName: "state"))
    var failOn: StatusFailOn?

    func validate() throws {
        if warnDays < 0 { throw ValidationError("--warn-days must be 0 or more") }
        if directory == nil && !live { throw ValidationError("give the snapshot folder DIR, or --live to take one now") }
    }

    func run() async throws {
        let options = MigrationOptions(at: time.time, warnDays: warnDays, greenSets: greenSets, mapFile: map)
        let doc = try await MigrationStatusCommand.run(directory: directory, live: live ? { [snapshot] in snapshot.request(out: $0) } : nil,
                                                       options: options)
        switch format.format {
        case .json: StandardOutput.print(try doc.render())
        case .table: StandardOutput.print(MigrationTable.render(doc), terminator: "")
        }
        if format.json && !doc.problems.isEmpty {
            let unread = doc.problems.filter { !$0.isAboutOptions }.count
            let unmatched = doc.problems.count - unread
            if unread > 0 { Terminal.warn("meshcert: \(unread) part(s) of the snapshot could not be read (see \"problems\")") }
            if unmatched > 0 { Terminal.warn("meshcert: \(unmatched) --map pair(s) or --green-set(s) name nothing in the snapshot (see \"problems\")") }
        }
        if failOn == .blocked && doc.hasBlocked { throw ExitCode(1) }
    }
}

enum StatusFailOn: String, ExpressibleByArgument, CaseIterable {
    case blocked
}
