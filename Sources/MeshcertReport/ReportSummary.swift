import MeshcertSupport

/// The top of the page: services ready and blocked (and why), certificates expiring, the worst
/// rotation exposure, handshake failures, and what each CA mode costs.
enum ReportSummary {
    static func summary(_ inputs: ReportInputs, services: [JSON], handshakes: [JSON]) -> JSON {
        let certificates = inputs.scan?[path: "certificates"].array ?? []
        let empty = certificates.isEmpty && (inputs.scan?[path: "keys"].array ?? []).isEmpty && services.isEmpty && handshakes.isEmpty
        func count(_ status: String) -> Int { services.filter { $0[path: "status"].string == status }.count }
        let blocked = services.filter { $0[path: "status"].string == "blocked" }.map { s in
            JSON.object([("service", s[path: "name"]), ("blockedBy", s[path: "blockedBy"])])
        }
        return .object([
            ("empty", .bool(empty)),
            ("services", .object([
                ("total", .int(services.count)),
                ("ready", .int(count("ready"))),
                ("blocked", .int(count("blocked"))),
                ("gateways", .int(count("gateway"))),
                ("notInMesh", .int(count("not_in_mesh"))),
            ])),
            ("blocked", .array(blocked)),
            ("certificates", certificateSummary(inputs.scan, certificates)),
            ("rotation", rotationSummary(inputs.rotation)),
            ("handshakes", handshakeSummary(handshakes)),
            ("cost", costSummary(inputs)),
        ])
    }

    static func certificateSummary(_ scan: JSON?, _ certificates: [JSON]) -> JSON {
        func count(_ status: String) -> Int { certificates.filter { $0[path: "status"].string == status }.count }
        // Already sorted by notAfter by the scan; the first ones that are not yet expired come first.
        let attention = certificates.filter { ["expired", "expiring_soon", "not_yet_valid"].contains($0[path: "status"].string) }
        let soonest = (attention.isEmpty ? Array(certificates.prefix(3)) : Array(attention.prefix(10))).map { c in
            JSON.object([("subjectCommonName", c[path: "subjectCommonName"]), ("notAfter", c[path: "notAfter"]),
                         ("status", c[path: "status"]), ("usageMode", c[path: "usageMode"]), ("sha256", c[path: "sha256"])])
        }
        return .object([
            ("scanned", .bool(scan != nil)),
            ("distinct", .int(certificates.count)),
            ("expired", .int(count("expired"))),
            ("expiringSoon", .int(count("expiring_soon"))),
            ("notYetValid", .int(count("not_yet_valid"))),
            ("shortLived", .int(certificates.filter { $0[path: "usageMode"].string == "SHORT_LIVED" }.count)),
            ("generalPurpose", .int(certificates.filter { $0[path: "usageMode"].string == "GENERAL_PURPOSE" }.count)),
            ("unreadableFiles", .int(scan?[path: "errors"].array.count ?? 0)),
            ("findings", scan?[path: "summary", "findings"] ?? .object([])),
            ("nextExpiries", .array(soonest)),
        ])
    }

    static func rotationSummary(_ rotation: JSON?) -> JSON {
        guard let rotation else { return .null }
        let t = rotation[path: "totals"]
        let exposed = t[path: "expiredSeconds"].int + t[path: "notYetValidSeconds"].int + t[path: "untrustedSeconds"].int
        var worst: JSON = .null
        var best: (Int64, JSON)? = nil
        for s in rotation[path: "services"].array {
            let e = s[path: "expiredSeconds"].int + s[path: "notYetValidSeconds"].int + s[path: "untrustedSeconds"].int
            if e > 0 && (best == nil || e > best!.0) { best = (e, s) }
        }
        if let (seconds, s) = best {
            let longest = s[path: "exposureWindows"].array.max { a, b in windowSeconds(a) < windowSeconds(b) }
            worst = .object([
                ("service", s[path: "name"]),
                ("exposedSeconds", .int(seconds)),
                ("expiredSeconds", s[path: "expiredSeconds"]),
                ("notYetValidSeconds", s[path: "notYetValidSeconds"]),
                ("untrustedSeconds", s[path: "untrustedSeconds"]),
                ("longestWindow", longest.map { w in
                    .object([("start", w[path: "start"]), ("end", w[path: "end"]), ("task", w[path: "task"]),
                             ("kind", w[path: "kind"]), ("seconds", .int(windowSeconds(w)))])
                } ?? .null),
            ])
        }
        return .object([
            ("scenario", rotation[path: "scenario", "file"]),
            ("start", rotation[path: "scenario", "start"]),
            ("end", rotation[path: "scenario", "end"]),
            ("exposedSeconds", .int(exposed)),
            ("exposureWindows", .int(rotation[path: "services"].array.reduce(0) { $0 + $1[path: "exposureWindows"].array.count })),
            ("minMarginSeconds", t[path: "minMarginSeconds"]),
            ("worst", worst),
        ])
    }

    static func windowSeconds(_ w: JSON) -> Int64 {
        guard let a = Timestamp.parse(w[path: "start"].string), let b = Timestamp.parse(w[path: "end"].string) else { return 0 }
        return b - a
    }

    static func handshakeSummary(_ rows: [JSON]) -> JSON {
        let failed = rows.filter { $0[path: "reason"].string != "ok" }
        let missed = rows.filter { !$0[path: "matchedExpectation"].bool }
        var reasons: [(String, JSON)] = []
        for r in failed {
            let reason = r[path: "reason"].string
            if let i = reasons.firstIndex(where: { $0.0 == reason }) { reasons[i].1 = .int(reasons[i].1.int + 1) }
            else { reasons.append((reason, .int(1))) }
        }
        return .object([
            ("checks", .int(rows.count)),
            ("ok", .int(rows.count - failed.count)),
            ("failed", .int(failed.count)),
            ("missedExpectation", .int(missed.count)),
            ("serviceConnectCompatible", .int(rows.filter { $0[path: "serviceConnectCompatible"].bool }.count)),
            ("failureReasons", .object(reasons)),
        ])
    }

    /// Both CA modes: the monthly estimate for the App Mesh configuration (`mesh`) and the
    /// simulated window's bill (`rotation`), each in the chosen and the other mode.
    static func costSummary(_ inputs: ReportInputs) -> JSON {
        var fields: [(String, JSON)] = []
        if let cost = inputs.mesh?[path: "summary", "privateCACost"], !cost.isNull {
            fields.append(("monthly", .object([
                ("generalPurposeUSD", cost[path: "generalPurpose", "totalMonthlyUSD"]),
                ("shortLivedUSD", cost[path: "shortLived", "totalMonthlyUSD"]),
                ("certificateAuthorities", cost[path: "generalPurpose", "certificateAuthorities"]),
                ("services", cost[path: "services"]),
                ("prices", cost[path: "prices"]),
            ])))
        } else { fields.append(("monthly", .null)) }
        if let r = inputs.rotation {
            let c = r[path: "cost"]
            fields.append(("window", .object([
                ("start", r[path: "scenario", "start"]), ("end", r[path: "scenario", "end"]),
                ("mode", c[path: "mode"]), ("totalUSD", c[path: "total"]), ("certificates", c[path: "certificates"]),
                ("alternativeMode", c[path: "alternative", "mode"]), ("alternativeTotalUSD", c[path: "alternative", "total"]),
                ("alternativeCertificates", c[path: "alternative", "certificates"]),
            ])))
        } else { fields.append(("window", .null)) }
        return .object(fields)
    }
}
