import MeshcertAppMesh
import MeshcertSupport

/// `meshcert aws status`: the blue/green migration tracker. `run` reads a snapshot folder (the
/// seam for `--live`: take a snapshot into a folder, then call it); `evaluate` is the analysis
/// over typed inputs.
public enum MigrationStatus {
    /// Reads DIR through its snapshot.json and evaluates it. Throws `CommandFailure` (exit 2)
    /// when snapshot.json or the `--map` file cannot be used; any other unreadable file is a
    /// `problems[]` entry.
    public static func run(snapshotDirectory: String, options: MigrationOptions) throws -> MigrationDocument {
        let map = try options.mapFile.map { try ServiceMap.load(path: $0) } ?? ServiceMap()
        let (manifest, world) = try SnapshotReader.read(directory: snapshotDirectory)
        let summary = SnapshotSummary(directory: snapshotDirectory, takenAt: manifest.takenAt, regions: manifest.regions,
                                      endpointURL: manifest.endpointURL, callsOk: manifest.summary.ok, callsFailed: manifest.summary.failed,
                                      callsSkipped: manifest.summary.skipped)
        return evaluate(world, snapshot: summary, options: options, map: map)
    }

    public static func evaluate(_ world: AWSWorld, snapshot: SnapshotSummary, options: MigrationOptions, map: ServiceMap = ServiceMap()) -> MigrationDocument {
        let blue = ServicePairing.blueUnits(world), green = ServicePairing.greenUnits(world)
        let rows = ServicePairing.pair(blue: blue, green: green, map: map)
        let traffic = TrafficSplit(world: world, rows: rows, greenSets: Set(options.greenSets)).entries()
        // What the user named that names nothing here is said, not silently ignored.
        var problems = world.problems
        // (One side alone missing is a normal stage: green not created yet, blue already gone.)
        for p in map.pairs where !blue.contains(where: { $0.matches(p.blue) }) && !green.contains(where: { $0.matches(p.green) }) {
            problems.append(SnapshotProblem(code: "map_unmatched", message: "--map pair\(p.name.map { " '\($0)'" } ?? ""): "
                + "neither blue '\(p.blue)' nor green '\(p.green)' names a service in the snapshot"))
        }
        // As TrafficSplit reads them: a Route 53 set by its identifier, a target group by name or ARN.
        let sets = traffic.flatMap { t in t.entry.sets.map { (set: $0, route53: t.entry.source == "route53") } }
        for g in options.greenSets where !sets.contains(where: { $0.set.id == g || (!$0.route53 && $0.set.target == g) }) {
            problems.append(SnapshotProblem(code: "green_set_unmatched",
                                            message: "--green-set '\(g)' names no weighted record set or target group in the snapshot"))
        }
        let rules = MigrationRules(world: world, options: options)
        let services = rows.enumerated().map { i, row in
            let entries = traffic.filter { $0.rows.contains(i) }.map(\.entry)
            return rules.service(row, entries: entries)
        }
        return MigrationDocument(evaluatedAt: Instant(options.at), warnDays: options.warnDays, snapshot: snapshot, services: services,
                                 traffic: traffic.map(\.entry), privateCAs: rules.privateCAs(services), problems: problems)
    }
}
