import ArgumentParser
import MeshcertAppMesh
import MeshcertReport
import MeshcertRotation
import MeshcertSupport

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The migration readiness report: one self-contained HTML page and its JSON.",
        discussion: """
        Runs what it is given (--certs: scan, --mesh: mesh, --scenario: rotate, --plan or --lab: \
        handshakes, --aws: aws status), joins the results service by service, and writes report.html \
        (one self-contained page) and report.json (meshcert.report.v1) to --out. --previous adds \
        "since last report"; --rerender redraws a page from its JSON. Reference: docs/report.md.

          meshcert report --certs Certs --mesh Certs/appmesh --lab --out out/report
          meshcert report --certs certs/ --plan checks.yaml --out r2 --previous r1
          meshcert report --rerender out/report

        Exit codes: 0 report written (blockers, exposure and failed handshakes are in it); 1 written, \
        and a handshake check missed its expectation or a --fail-on condition held; 2 usage error, an \
        unreadable input, a lab that cannot start, or --out cannot be written.
        """
    )

    @Option(name: .customLong("certs"), help: ArgumentHelp("Certificate files or folders to scan (repeatable).", valueName: "dir"), completion: .directory)
    var certs: [String] = []

    @Option(name: .customLong("mesh"), help: ArgumentHelp("App Mesh configuration: aws CLI exports or CRDs (repeatable).", valueName: "path"), completion: .file())
    var mesh: [String] = []

    @Option(help: ArgumentHelp("Rotation scenario (YAML or JSON); with --mesh, the mesh's services are simulated.", valueName: "file"), completion: .file())
    var scenario: String?

    @Option(help: ArgumentHelp("Handshake plan (YAML) of named checks.", valueName: "file"), completion: .file())
    var plan: String?

    @Flag(help: "Run the loopback lab (both worlds) on the services the mesh names (default: frontend -> users, stock).")
    var lab = false

    @Option(help: ArgumentHelp("A `meshcert aws snapshot` folder: adds \"Migration progress\" (meshcert aws status).", valueName: "dir"), completion: .directory)
    var aws: String?

    @OptionGroup var time: EvaluationTimeOption

    @Option(help: ArgumentHelp("Folder to write report.html and report.json to.", valueName: "dir"), completion: .directory)
    var out: String?

    @Option(help: ArgumentHelp("Folder of an earlier report (its report.json): adds \"since last report\".", valueName: "dir"), completion: .directory)
    var previous: String?

    @Option(help: ArgumentHelp("Rewrite DIR/report.html from DIR/report.json, running nothing.", valueName: "dir"), completion: .directory)
    var rerender: String?

    @Option(help: ArgumentHelp("Trust anchors for the scan's chain check (repeatable).", valueName: "file"), completion: .file())
    var trust: [String] = []

    @OptionGroup var pkcs12: PKCS12PasswordOption

    @Option(help: ArgumentHelp("The demo PKI the lab's App Mesh world uses.", valueName: "dir"), completion: .directory)
    var pki: String = "Certs/pki"

    @Option(name: .customLong("pca-arn"), help: ArgumentHelp("Short-lived Private CA for the Service Connect plans.", valueName: "arn"))
    var pcaArn: String = "arn:aws:acm-pca:REGION:ACCOUNT:certificate-authority/SHORT-LIVED-CA"

    @Option(help: "Tasks per service (rotation of mesh services, certificate counts).")
    var tasks: Int = 1

    @Option(name: .customLong("fail-on"), help: ArgumentHelp(
        "Exit 1 when any of these hold (comma-separated; repeatable, the lists add up): blocker, expired, exposure, handshake.",
        valueName: "list"))
    var failOn: [FailOnList] = []

    func validate() throws {
        if plan != nil && lab { throw ValidationError("give --plan FILE or --lab, not both") }
        if !(1...Scenario.maxTasks).contains(tasks) { throw ValidationError("--tasks must be from 1 to \(Scenario.maxTasks)") }
        if let problem = ServiceConnectPlanOptions.pcaArnProblem(pcaArn) { throw ValidationError(problem) }
        if rerender == nil && out == nil { throw ValidationError("--out DIR is required (the folder for report.html and report.json)") }
        if rerender != nil && (out != nil || !certs.isEmpty || !mesh.isEmpty || scenario != nil || plan != nil || lab || previous != nil || aws != nil) {
            throw ValidationError("--rerender DIR runs nothing: give it alone")
        }
        if let unknown = failOn.lazy.compactMap(\.unknown).first { throw ValidationError(unknown.description) }
    }

    func run() throws {
        if let rerender {
            let page = try MigrationReport.rerender(rerender)
            StandardOutput.print("report: \(page) (from \(rerender)/report.json)")
            return
        }
        let options = ReportOptions(certs: certs, mesh: mesh, scenario: scenario, plan: plan, lab: lab, aws: aws, at: time.at?.seconds, out: out!,
                                    previous: previous, trust: trust, pkcs12Passwords: { [pkcs12] in try pkcs12.passwords() }, pki: pki,
                                    pcaArn: pcaArn, tasks: tasks, failOn: failOn.flatMap(\.values), meshFleet: MeshRotationFleet.reportedServices)
        let outcome = try MigrationReport.run(options)
        StandardOutput.print(ReportConsole.summary(outcome.report))
        StandardOutput.print("report: \(outcome.htmlPath)")
        StandardOutput.print("data:   \(outcome.jsonPath)")
        if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
    }
}

/// `--fail-on LIST`: comma-separated conditions, parsed once; an unknown value is reported by
/// `validate()` with the list of known ones.
struct FailOnList: ExpressibleByArgument, Sendable {
    var values: [ReportFailOn] = []
    var unknown: ReportFailOn.UnknownValue?

    init?(argument: String) {
        do { values = try ReportFailOn.parseList(argument) } catch { unknown = error }
    }
}
