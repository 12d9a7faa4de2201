/// The weighted entry points and which of their sets is green (docs/aws-status.md, "Traffic"):
/// each Route 53 weighted record set group and each ALB forward action over two or more
/// weighted target groups.
struct TrafficSplit {
    let world: AWSWorld
    let rows: [PairedService]
    let greenSets: Set<String>

    /// Each entry, with the rows its sets lead to.
    func entries() -> [(entry: TrafficEntry, rows: Set<Int>)] {
        albEntries() + route53Entries()
    }

    // MARK: what a target leads to

    /// The rows an ECS service belongs to, and whether as their green side.
    func rows(ofService arn: String) -> [(row: Int, green: Bool)] {
        var out: [(Int, Bool)] = []
        for (i, row) in rows.enumerated() {
            if row.green?.service.serviceArn == arn { out.append((i, true)) }
            if row.blue?.ecsServices.contains(where: { $0.serviceArn == arn }) == true { out.append((i, false)) }
        }
        return out
    }

    /// The rows a target group's ECS services belong to; green when one of them is a green service.
    func resolve(targetGroup arn: String) -> (rows: [Int], green: Bool) {
        var found: [(row: Int, green: Bool)] = []
        for service in world.services where service.loadBalancers?.contains(where: { $0.targetGroupArn == arn }) == true {
            found += rows(ofService: service.serviceArn)
        }
        return (found.map(\.row), found.contains { $0.green })
    }

    /// Target groups a load balancer forwards to with a weight above 0 (or a plain forward).
    func forwardedTargetGroups(loadBalancer arn: String) -> [String] {
        var out: [String] = []
        for listener in world.listeners where listener.loadBalancerArn == arn {
            let actions = (world.rulesByListener[listener.arn] ?? []).flatMap { $0.actions ?? [] } + (listener.defaultActions ?? [])
            for action in actions where action.type == "forward" {
                if let groups = action.forwardConfig?.targetGroups, !groups.isEmpty {
                    out += groups.filter { ($0.weight ?? 1) > 0 }.compactMap(\.targetGroupArn)
                } else if let tg = action.targetGroupArn {
                    out.append(tg)
                }
            }
        }
        return out
    }

    func targetGroupName(_ arn: String) -> String { world.targetGroups.first { $0.arn == arn }?.name ?? arn }

    // MARK: ALB

    func albEntries() -> [(entry: TrafficEntry, rows: Set<Int>)] {
        var out: [(TrafficEntry, Set<Int>)] = []
        for listener in world.listeners {
            let lb = world.loadBalancers.first { $0.arn == listener.loadBalancerArn }
            let prefix = "\(lb?.name ?? listener.loadBalancerArn ?? listener.arn):\(listener.port.map(String.init) ?? "?")"
            var actions: [(String, ELBAction)] = []
            if let rules = world.rulesByListener[listener.arn] {
                for rule in rules {
                    let label = rule.isDefault == true || rule.priority == "default" ? "default" : "rule \(rule.priority ?? "?")"
                    actions += (rule.actions ?? []).map { (label, $0) }
                }
            } else {
                actions = (listener.defaultActions ?? []).map { ("default", $0) }
            }
            for (label, action) in actions where action.type == "forward" {
                let groups = (action.forwardConfig?.targetGroups ?? []).filter { $0.targetGroupArn != nil }
                guard groups.count > 1 else { continue }
                var rowsHit = Set<Int>()
                let shares = Self.shares(groups.map { $0.weight ?? 0 })
                let sets = zip(groups, shares).map { group, share -> TrafficSet in
                    let arn = group.targetGroupArn!
                    let name = targetGroupName(arn)
                    let resolved = resolve(targetGroup: arn)
                    rowsHit.formUnion(resolved.rows)
                    let green = greenSets.contains(name) || greenSets.contains(arn) || resolved.green
                    return TrafficSet(id: name, target: arn, weight: group.weight ?? 0, share: share, green: green,
                                      service: resolved.rows.first.map { rows[$0].name })
                }
                out.append((TrafficEntry(name: "\(prefix) \(label)", source: "alb", sets: sets), rowsHit))
            }
        }
        return out
    }

    // MARK: Route 53

    func route53Entries() -> [(entry: TrafficEntry, rows: Set<Int>)] {
        var groups: [(key: String, records: [ResourceRecordSet])] = []
        for record in world.recordSets where record.weight != nil {
            let key = normalised(record.name) + " " + record.type
            if let i = groups.firstIndex(where: { $0.key == key }) { groups[i].records.append(record) } else { groups.append((key, [record])) }
        }
        return groups.map { group in
            var rowsHit = Set<Int>()
            let shares = Self.shares(group.records.map { $0.weight ?? 0 })
            let sets = zip(group.records, shares).map { record, share -> TrafficSet in
                let id = record.setIdentifier ?? record.target ?? "?"
                let resolved = resolve(dnsTarget: record.target)
                rowsHit.formUnion(resolved.rows)
                return TrafficSet(id: id, target: record.target, weight: record.weight ?? 0, share: share,
                                  green: greenSets.contains(id) || resolved.green, service: resolved.rows.first.map { rows[$0].name })
            }
            let first = group.records[0]
            return (TrafficEntry(name: "\(normalised(first.name)) \(first.type)", source: "route53", sets: sets), rowsHit)
        }
    }

    /// A record's target: an alias to a load balancer (green when every target group it forwards
    /// to is green), a green client alias `dnsName`, or a blue virtual service name.
    func resolve(dnsTarget target: String?) -> (rows: [Int], green: Bool) {
        guard var t = target.map(normalised) else { return ([], false) }
        if t.hasPrefix("dualstack.") { t.removeFirst("dualstack.".count) }
        if let lb = world.loadBalancers.first(where: { $0.dnsName.map(normalised) == t }) {
            let groups = forwardedTargetGroups(loadBalancer: lb.arn).map { resolve(targetGroup: $0) }
            var hit: [Int] = []
            for g in groups { for r in g.rows where !hit.contains(r) { hit.append(r) } }
            return (hit, !groups.isEmpty && groups.allSatisfy(\.green))
        }
        if let i = rows.firstIndex(where: { $0.green?.clientAliases.map(normalised).contains(t) == true }) { return ([i], true) }
        if let i = rows.firstIndex(where: { $0.blue?.virtualService.map(normalised) == t }) { return ([i], false) }
        return ([], false)
    }

    /// weight / sum, rounded to 4 places; equal shares when every weight is 0.
    static func shares(_ weights: [Int]) -> [Double] {
        let sum = weights.reduce(0, +)
        let raw = sum == 0 ? weights.map { _ in 1.0 / Double(max(weights.count, 1)) } : weights.map { Double($0) / Double(sum) }
        return raw.map { ($0 * 10_000).rounded() / 10_000 }
    }
}
