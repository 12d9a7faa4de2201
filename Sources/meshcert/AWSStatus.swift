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
        Pairs every App Mesh service (blue) with its ECS Service Connect copy (green) by name
        (or --map), and says where each stands, the first that applies:
          blocked          a blocker finding
          not_started      no green copy
          migrated         blue gone, or its entry point gives green everything
          shifting         the entry point gives green a share above 0 and below 1
          green_deployed   green exists with Service Connect enabled
        Findings (code, severity):
          green_tls_disabled             blocker  blue serves TLS, green has no tls
          mtls_lost                      blocker  blue requires or presents client certificates
          pca_not_active                 blocker  green's Private CA is not ACTIVE
          pca_key_algorithm_unsupported  blocker  not EC_prime256v1 or RSA_2048
          weighted_routing_lost          blocker  an App Mesh route splits between nodes
          pca_general_purpose            warning  works; a short-lived CA costs less
          pca_expiring                   warning  the CA's certificate ends within --warn-days
          pca_not_found                  warning  green's CA is not in the snapshot
          acm_renewal_failed             warning  a blue ACM certificate failed to renew
          acm_expiring                   warning  a blue ACM certificate ends within --warn-days
          cross_account_mesh             warning  the mesh is shared from another account
          green_not_running              warning  no task of green's PRIMARY deployment runs
        A missing or corrupt file in the snapshot is listed under "problems"; the rest is read.

        Examples:
          meshcert aws status snap/
          meshcert aws status snap/ --format json --green-set green --at 2026-12-01T00:00:00Z
          meshcert aws status snap/ --map pairs.yaml --fail-on blocked
          meshcert aws status --live --profile prod --region eu-west-1 --hosted-zone example.com

        --live takes a snapshot first (the options of `meshcert aws snapshot`), into DIR when
        given (kept), else into a temporary folder (removed); its summary goes to stderr.

        Exit codes: 0 done; 1 a service is blocked (with --fail-on blocked); 2 usage error, or
        DIR/snapshot.json (or --map FILE) missing or unreadable, or (--live) nothing could be
        read from the account.
        """
    )

    @Argument(help: ArgumentHelp("Snapshot folder written by `meshcert aws snapshot` (with --live: where the new snapshot goes).", valueName: "dir"))
    var directory: String?

    @Flag(help: "Take a snapshot of the account first (the snapshot options below), then track it.")
    var live = false

    @OptionGroup(title: "Snapshot options (with --live)") var snapshot: AWSSnapshotOptions

    @Option(help: "Output format: table or json.")
    var format: StatusFormat = .table

    @Option(name: .customLong("green-set"), help: ArgumentHelp(
        "A Route 53 SetIdentifier or ALB target group name that is green whatever it resolves to (repeatable).", valueName: "id"))
    var greenSets: [String] = []

    @Option(help: ArgumentHelp("Explicit blue/green pairs (YAML or JSON): {pairs: [{name?, blue, green}]}.", valueName: "file"))
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
        var folder = directory ?? ""
        var temporary: String?
        if live {
            if directory == nil {
                folder = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-aws-\(UUID().uuidString)").path
                temporary = folder
            }
            let manifest = try await SnapshotCollector.run(snapshot.request(out: folder))
            for line in SnapshotSummaryText.serviceLines(manifest) + SnapshotSummaryText.problemLines(manifest) { Terminal.warn(line) }
            if SnapshotCollector.exitCode(for: manifest) == 2 {
                if let temporary { try? FileManager.default.removeItem(atPath: temporary) }
                throw CommandFailure("nothing could be read from the account (every call failed; see above)", exitCode: 2)
            }
        }
        defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }
        let doc = try MigrationStatus.run(snapshotDirectory: folder, options: options)
        switch format {
        case .json: print(try doc.render())
        case .table: print(MigrationTable.render(doc), terminator: "")
        }
        if format == .json && !doc.problems.isEmpty {
            Terminal.warn("meshcert: \(doc.problems.count) part(s) of the snapshot could not be read (see \"problems\")")
        }
        if failOn == .blocked && doc.hasBlocked { throw ExitCode(1) }
    }
}

enum StatusFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

enum StatusFailOn: String, ExpressibleByArgument, CaseIterable {
    case blocked
}
