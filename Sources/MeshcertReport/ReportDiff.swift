import MeshcertInventory
import MeshcertSupport

/// Computes "since last report" from the previous report (read back from its report.json) and
/// the current one's services and scan.
enum ReportDiff {
    /// Certificates are compared only when both reports scanned some, blockers only when both
    /// read a mesh: an input left out this time is not a fix (nor a removal).
    static func diff(previous: ReportDocument, services: [ServiceRow], components: ReportComponents, previousPath: String?) -> SinceLastReport {
        let bothScanned = previous.components.scan != nil && components.scan != nil
        let bothMeshes = previous.components.mesh != nil && components.mesh != nil
        let old = bothScanned ? previous.components.scan?.certificates ?? [] : []
        let new = bothScanned ? components.scan?.certificates ?? [] : []
        let oldHashes = Set(old.map(\.sha256))
        let newHashes = Set(new.map(\.sha256))
        var added = new.filter { !oldHashes.contains($0.sha256) }
        var removed = old.filter { !newHashes.contains($0.sha256) }

        // A renewal: a certificate gone and one arrived for the same subject and names.
        var renewed: [SinceLastReport.Renewal] = []
        for a in added {
            guard let i = removed.firstIndex(where: { identity($0) == identity(a) }) else { continue }
            let r = removed.remove(at: i)
            renewed.append(SinceLastReport.Renewal(subjectCommonName: a.subjectCommonName, previousSha256: r.sha256, sha256: a.sha256,
                                                   previousNotAfter: r.notAfter.description, notAfter: a.notAfter.description))
        }
        let renewedNew = Set(renewed.map(\.sha256))
        added.removeAll { renewedNew.contains($0.sha256) }

        let oldBlockers = bothMeshes ? blockers(previous.services) : [], newBlockers = bothMeshes ? blockers(services) : []
        let fixed = oldBlockers.filter { !newBlockers.contains($0) }
        let appeared = newBlockers.filter { !oldBlockers.contains($0) }
        let brief = { (c: ScanDocument.Certificate) in
            SinceLastReport.Certificate(subjectCommonName: c.subjectCommonName, sha256: c.sha256, notAfter: c.notAfter.description,
                                        status: c.status.rawValue)
        }
        return SinceLastReport(previous: previousPath, previousEvaluatedAt: previous.evaluatedAt,
                               certificatesAdded: added.map(brief), certificatesRemoved: removed.map(brief),
                               certificatesRenewed: renewed, blockersFixed: fixed, blockersNew: appeared)
    }

    /// The report notes saying which comparisons were left out, and why.
    static func notCompared(previous: ReportComponents, current: ReportComponents) -> [String] {
        func note(_ what: String, _ before: Bool, _ now: Bool, _ option: String) -> String? {
            guard before != now else { return nil }
            return "since last report: \(what) not compared (\(now ? "the previous report had no \(option)" : "this report has no \(option), the previous one had"))"
        }
        return [note("certificates", previous.scan != nil, current.scan != nil, "--certs"),
                note("blockers", previous.mesh != nil, current.mesh != nil, "--mesh")].compactMap { $0 }
    }

    static func identity(_ c: ScanDocument.Certificate) -> String {
        c.subject + "\u{0}" + c.dnsNames.sorted().joined(separator: ",")
    }

    /// Every blocker of every service, as (service, code, message).
    static func blockers(_ services: [ServiceRow]) -> [SinceLastReport.Blocker] {
        services.flatMap { s in s.blockers.map { SinceLastReport.Blocker(service: s.name, code: $0.code, message: $0.message) } }
    }
}
