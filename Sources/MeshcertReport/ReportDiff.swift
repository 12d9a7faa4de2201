import MeshcertSupport

/// "Since last report": certificates added, removed and renewed, blockers fixed and new,
/// computed from two report documents (the previous one read back from its report.json).
enum ReportDiff {
    static func diff(previous: JSON, current: JSON, previousPath: String?) -> JSON {
        let old = previous[path: "components", "scan", "certificates"].array
        let new = current[path: "components", "scan", "certificates"].array
        let oldHashes = Set(old.map { $0[path: "sha256"].string })
        let newHashes = Set(new.map { $0[path: "sha256"].string })
        var added = new.filter { !oldHashes.contains($0[path: "sha256"].string) }
        var removed = old.filter { !newHashes.contains($0[path: "sha256"].string) }

        // A renewal: a certificate gone and one arrived for the same subject and names.
        var renewed: [JSON] = []
        for a in added {
            guard let i = removed.firstIndex(where: { identity($0) == identity(a) }) else { continue }
            let r = removed.remove(at: i)
            renewed.append(.object([
                ("subjectCommonName", a[path: "subjectCommonName"]),
                ("previousSha256", r[path: "sha256"]), ("sha256", a[path: "sha256"]),
                ("previousNotAfter", r[path: "notAfter"]), ("notAfter", a[path: "notAfter"]),
            ]))
        }
        let renewedNew = Set(renewed.map { $0[path: "sha256"].string })
        added.removeAll { renewedNew.contains($0[path: "sha256"].string) }

        let oldBlockers = blockers(previous), newBlockers = blockers(current)
        let fixed = oldBlockers.filter { b in !newBlockers.contains { key($0) == key(b) } }
        let appeared = newBlockers.filter { b in !oldBlockers.contains { key($0) == key(b) } }
        let brief = { (c: JSON) -> JSON in
            .object([("subjectCommonName", c[path: "subjectCommonName"]), ("sha256", c[path: "sha256"]),
                     ("notAfter", c[path: "notAfter"]), ("status", c[path: "status"])])
        }
        return .object([
            ("previous", .string(previousPath)),
            ("previousEvaluatedAt", previous[path: "evaluatedAt"]),
            ("certificatesAdded", .array(added.map(brief))),
            ("certificatesRemoved", .array(removed.map(brief))),
            ("certificatesRenewed", .array(renewed)),
            ("blockersFixed", .array(fixed)),
            ("blockersNew", .array(appeared)),
        ])
    }

    static func identity(_ c: JSON) -> String {
        c[path: "subject"].string + "\u{0}" + c[path: "dnsNames"].array.map(\.string).sorted().joined(separator: ",")
    }

    /// Every blocker of every service, as (service, code, message).
    static func blockers(_ report: JSON) -> [JSON] {
        report[path: "services"].array.flatMap { s in
            s[path: "blockers"].array.map { b in
                JSON.object([("service", s[path: "name"]), ("code", b[path: "code"]), ("message", b[path: "message"])])
            }
        }
    }

    static func key(_ b: JSON) -> String { b[path: "service"].string + "\u{0}" + b[path: "code"].string + "\u{0}" + b[path: "message"].string }
}
