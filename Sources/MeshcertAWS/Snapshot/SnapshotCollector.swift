import Foundation
import MeshcertSupport

/// `meshcert aws snapshot`: reads the account through the aws CLI into a snapshot folder and
/// `DIR/snapshot.json`. Listings run first; the calls they lead to (a describe per item) are
/// queued as each listing answers; at most `jobs` calls run at once.
public enum SnapshotCollector {
    /// Runs the snapshot and writes it. Throws `CommandFailure` (exit 2) when it cannot start:
    /// bad request values, no aws CLI, no region, an unusable output folder. A call that fails
    /// is recorded in the manifest, not thrown.
    public static func run(_ request: SnapshotRequest,
                           progress: (@Sendable (SnapshotCall) -> Void)? = nil) async throws -> SnapshotManifest {
        try validate(request)
        guard let aws = AWSCLIRunner.locate(request.awsExecutable) else {
            throw CommandFailure("the aws CLI (\(request.awsExecutable ?? "aws")) was not found on PATH: install it (https://aws.amazon.com/cli/) or put it on PATH")
        }
        let runner = AWSCLIRunner(executable: aws, timeout: request.timeout)
        let regions = try await resolveRegions(request, runner: runner)
        let out = URL(fileURLWithPath: request.outputDirectory)
        try SnapshotFolder.prepare(out)
        let takenAt = Instant(Timestamp.now())

        let plan = SnapshotPlan(meshes: request.meshes, clusters: request.clusters, hostedZones: request.hostedZones)
        let services = SnapshotService.allCases.filter { request.services.isEmpty || request.services.contains($0) }
        var roots: [SnapshotPlannedCall] = []
        for region in regions {
            for service in services where !service.isGlobal { roots += plan.roots(service, region: region, cliRegion: region) }
        }
        if services.contains(.route53) && !request.hostedZones.isEmpty {
            roots += plan.roots(.route53, region: "global", cliRegion: regions[0])
        }

        let context = CallContext(runner: runner, out: out, globalOptions: globalOptions(request), retries: request.throttleRetries)
        var results: [(SnapshotPlannedCall, SnapshotCall)] = []
        var seen = Set<String>()
        var pending = roots.filter { seen.insert($0.identity).inserted }
        pending.reverse()  // popLast takes them in plan order
        await withTaskGroup(of: (SnapshotPlannedCall, SnapshotCall, JSON?).self) { group in
            var running = 0
            while true {
                while running < request.jobs, let call = pending.popLast() {
                    group.addTask { await context.execute(call) }
                    running += 1
                }
                guard let (call, answered, output) = await group.next() else { break }
                running -= 1
                var record = answered
                if let output, let next = call.next {
                    do {
                        let followUps = try next(output).filter { seen.insert($0.identity).inserted }
                        pending.insert(contentsOf: followUps.reversed(), at: 0)
                    } catch {
                        // The answer lacks what the next calls need: its file stays, the call fails.
                        record.status = .failed
                        record.error = .init(code: "unreadable_output", message: AWSCLIError.oneLine("\(error)"))
                    }
                }
                results.append((call, record))
                progress?(record)
            }
        }

        let regionOrder = regions + ["global"]
        let calls = results.sorted { a, b in
            let ka = (regionOrder.firstIndex(of: a.0.region) ?? 0, SnapshotService.allCases.firstIndex(of: a.0.service) ?? 0)
            let kb = (regionOrder.firstIndex(of: b.0.region) ?? 0, SnapshotService.allCases.firstIndex(of: b.0.service) ?? 0)
            if ka != kb { return ka < kb }
            if a.0.operation != b.0.operation { return a.0.operation < b.0.operation }
            if a.0.key != b.0.key { return (a.0.key ?? "") < (b.0.key ?? "") }
            return (a.0.batch ?? 0) < (b.0.batch ?? 0)
        }.map(\.1)
        let manifest = SnapshotManifest(
            takenAt: takenAt, profile: request.profile,
            endpointURL: request.endpointURL ?? ProcessInfo.processInfo.environment["AWS_ENDPOINT_URL"].flatMap { $0.isEmpty ? nil : $0 },
            regions: regions + (roots.contains { $0.region == "global" } ? ["global"] : []),
            filters: .init(meshes: request.meshes, clusters: request.clusters, hostedZones: request.hostedZones), calls: calls)
        try SnapshotFolder.writeManifest(manifest, to: out)
        return manifest
    }

    /// meshcert's exit code for a snapshot: 0 every call answered or skipped; 1 some failed;
    /// 2 nothing could be read at all.
    public static func exitCode(for manifest: SnapshotManifest) -> Int32 {
        if manifest.summary.failed == 0 { return 0 }
        return manifest.summary.ok == 0 ? 2 : 1
    }

    static func validate(_ request: SnapshotRequest) throws {
        if !(1...64).contains(request.jobs) { throw CommandFailure("--jobs must be between 1 and 64 (got \(request.jobs))") }
        if request.timeout < .seconds(1) { throw CommandFailure("--timeout must be at least 1 second") }
        if !(0...10).contains(request.throttleRetries) { throw CommandFailure("--throttle-retries must be between 0 and 10") }
        if request.outputDirectory.isEmpty { throw CommandFailure("--out needs a folder") }
    }

    /// Options before the service name on every call.
    static func globalOptions(_ request: SnapshotRequest) -> [String] {
        var options: [String] = []
        if let profile = request.profile { options += ["--profile", profile] }
        if let endpoint = request.endpointURL { options += ["--endpoint-url", endpoint] }
        return options
    }

    /// `--region` as given (duplicates dropped), else the CLI's own: AWS_REGION,
    /// AWS_DEFAULT_REGION, then `aws configure get region` (the profile's).
    static func resolveRegions(_ request: SnapshotRequest, runner: AWSCLIRunner) async throws -> [String] {
        var regions: [String] = []
        for region in request.regions where !regions.contains(region) {
            if region == "global" || region.isEmpty || region.contains("/") { throw CommandFailure("--region \(region): not a region name") }
            regions.append(region)
        }
        if !regions.isEmpty { return regions }
        let env = ProcessInfo.processInfo.environment
        if let region = env["AWS_REGION"] ?? env["AWS_DEFAULT_REGION"], !region.isEmpty { return [region] }
        let profile = request.profile.map { ["--profile", $0] } ?? []
        let configured = await runner.run(profile + ["configure", "get", "region"])
        let region = String(decoding: configured.standardOutput, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard configured.exitStatus == 0, !region.isEmpty else {
            throw CommandFailure("no region: give --region, or set AWS_REGION or a region in the aws CLI's profile")
        }
        return [region]
    }
}

/// What every call task needs; immutable, shared by the tasks.
struct CallContext: Sendable {
    var runner: AWSCLIRunner
    var out: URL
    var globalOptions: [String]
    var retries: Int

    /// Runs one call: throttling retried with exponential backoff and full jitter, the output
    /// checked to be JSON and written. Returns the record and the parsed output when ok.
    func execute(_ call: SnapshotPlannedCall) async -> (SnapshotPlannedCall, SnapshotCall, JSON?) {
        let started = ContinuousClock.now
        let arguments = ["--region", call.cliRegion] + globalOptions + runner.commonOptions()
            + [call.service.rawValue, call.operation] + call.arguments
        var attempts = 0
        func record(_ status: SnapshotCall.Status, _ error: SnapshotCall.CallError?, file: String? = nil) -> SnapshotCall {
            let elapsed = ContinuousClock.now - started
            let ms = Int(elapsed.components.seconds) * 1000 + Int(elapsed.components.attoseconds / 1_000_000_000_000_000)
            return SnapshotCall(region: call.region, service: call.service.rawValue, operation: call.operation, key: call.key,
                                arguments: call.arguments, file: file, status: status, error: error, attempts: attempts,
                                durationMilliseconds: ms)
        }
        while true {
            attempts += 1
            let output = await runner.run(arguments)
            if let failure = output.launchFailure {
                return (call, record(.failed, .init(code: "cli_failed", message: AWSCLIError.oneLine("the aws CLI could not be started: \(failure)"))), nil)
            }
            if output.timedOut {
                let seconds = runner.timeout.components.seconds
                return (call, record(.failed, .init(code: "timeout", message: "no answer within \(seconds) s (the aws CLI was stopped)")), nil)
            }
            if output.exitStatus == 0 {
                let json: JSON
                do { json = try JSON.parse(output.standardOutput) } catch {
                    return (call, record(.failed, .init(code: "unreadable_output", message: AWSCLIError.oneLine("the aws CLI printed no JSON: \(error)"))), nil)
                }
                do {
                    let url = out.appendingPathComponent(call.file)
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(output.standardOutput).write(to: url)
                } catch {
                    return (call, record(.failed, .init(code: "write_failed", message: AWSCLIError.oneLine("\(call.file): \(error.localizedDescription)"))), nil)
                }
                return (call, record(.ok, nil, file: call.file), json)
            }
            let error = AWSCLIError.classify(standardError: output.standardError)
            switch error.kind {
            case .throttled where attempts <= retries:
                try? await Task.sleep(for: Self.backoff(attempt: attempts))
                continue
            case .throttled:
                return (call, record(.failed, .init(code: error.code, message: AWSCLIError.oneLine("still throttled after \(attempts) attempts: \(error.message)"))), nil)
            case .notImplemented:
                return (call, record(.skipped, .init(code: error.code, message: error.message)), nil)
            case .failed:
                return (call, record(.failed, .init(code: error.code, message: error.message)), nil)
            }
        }
    }

    /// Full jitter over an exponential bound: 0.2 s, 0.4 s, 0.8 s... capped at 5 s.
    static func backoff(attempt: Int) -> Duration {
        let bound = min(5.0, 0.2 * pow(2.0, Double(attempt - 1)))
        return .milliseconds(Int(Double.random(in: (bound / 2)...bound) * 1000))
    }
}
