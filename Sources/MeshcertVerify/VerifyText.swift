import MeshcertSupport

/// The `--format text` rendering of a verify document: the verdict first, then the path.
public enum VerifyText {
    public static func render(_ doc: VerifyDocument) -> String {
        var out = ""
        if doc.verified {
            out += "verified (profile \(doc.policy.profile.rawValue)"
        } else {
            out += "NOT verified: \(doc.reason ?? "unknown reason") [\(doc.code)]"
            if let depth = doc.depth { out += " at depth \(depth)" }
            out += " (profile \(doc.policy.profile.rawValue)"
        }
        if let name = doc.name { out += ", name \(name)" }
        if let purpose = doc.purpose { out += ", purpose \(purpose.rawValue)" }
        out += ", at \(doc.at))\n"
        out += "path:\n"
        for (i, entry) in doc.path.enumerated() {
            let role = entry.role.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
            out += "  \(i) \(role) \(entry.subject)  notAfter \(entry.notAfter)\n"
        }
        for finding in doc.pedantic { out += "pedantic: \(finding.code.rawValue): \(finding.detail)\n" }
        for warning in doc.warnings { out += "warning: \(warning.code): \(warning.detail)\n" }
        return out
    }
}
