import ArgumentParser
import MeshcertAWS

/// The snapshot options, shared with `aws status --live`.
struct AWSSnapshotOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The aws CLI profile (default: the CLI's default chain).", valueName: "name"))
    var profile: String?

    @Option(help: ArgumentHelp("A region to read (repeatable; default: the CLI's configured region).", valueName: "region"))
    var region: [String] = []

    @Option(help: ArgumentHelp("An App Mesh mesh to read (repeatable; default: every mesh listed).", valueName: "name"))
    var mesh: [String] = []

    @Option(help: ArgumentHelp("An ECS cluster to read, by name or ARN (repeatable; default: every cluster).", valueName: "name"))
    var cluster: [String] = []

    @Option(name: .customLong("hosted-zone"),
            help: ArgumentHelp("A Route 53 hosted zone, by id or name (repeatable; Route 53 is read only for these).", valueName: "zone"))
    var hostedZone: [String] = []

    @Option(help: ArgumentHelp("Read only this service (repeatable; default: all).",
                               valueName: "service"))
    var service: [SnapshotService] = []

    @Option(help: "aws CLI calls in flight at once (1-64).")
    var jobs: Int = 8

    @Option(help: ArgumentHelp("Seconds one call (the CLI's start-up and all its pages) may take before it is stopped; each HTTP request also has a 10 s connect and 30 s read timeout.",
                               valueName: "seconds"))
    var timeout: Int = 60

    @Option(help: ArgumentHelp("Retries of a throttled call, with exponential backoff and jitter (0-10).", valueName: "n"))
    var throttleRetries: Int = 4

    @Option(help: ArgumentHelp("Pass --endpoint-url to every aws call (AWS_ENDPOINT_URL works too).", valueName: "url"))
    var endpointURL: String?

    func validate() throws {
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 64 (got \(jobs))") }
        guard (1...3600).contains(timeout) else { throw ValidationError("--timeout must be between 1 and 3600 seconds (got \(timeout))") }
        guard (0...10).contains(throttleRetries) else { throw ValidationError("--throttle-retries must be between 0 and 10 (got \(throttleRetries))") }
    }

    func request(out: String) -> SnapshotRequest {
        SnapshotRequest(outputDirectory: out, profile: profile, regions: region, meshes: mesh, clusters: cluster,
                        hostedZones: hostedZone, services: service, jobs: jobs, timeout: .seconds(timeout),
                        throttleRetries: throttleRetries, endpointURL: endpointURL)
    }
}

extension SnapshotService: ExpressibleByArgument {}
