import Foundation
import MeshcertSupport

/// `--format prometheus`: text exposition for a node-exporter textfile collector. Like
/// x509-certificate-exporter, expiry is an absolute timestamp (`x509_cert_not_after`), so alerts
/// compute `x509_cert_not_after - time()` and the file never goes stale between scans.
public enum InventoryPrometheus {
    public static func render(_ inv: Inventory) -> String {
        var out: [String] = []
        func family(_ name: String, _ type: String, _ help: String) {
            out.append("# HELP \(name) \(help)")
            out.append("# TYPE \(name) \(type)")
        }
        func labels(_ e: CertificateEntry, _ path: String) -> String {
            let pairs: [(String, String)] = [
                ("filepath", path), ("sha256", e.sha256), ("serial_number", e.details.serial),
                ("subject_CN", e.details.subjectCommonName ?? ""), ("issuer_CN", e.details.issuerCommonName ?? ""),
                ("usage_mode", e.usageMode?.rawValue ?? "CA"),
            ]
            return "{" + pairs.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
        }
        family("x509_cert_not_after", "gauge", "Certificate notAfter as a Unix timestamp (seconds).")
        for e in inv.certificates { for l in e.locations { out.append("x509_cert_not_after\(labels(e, l.path)) \(e.details.notAfter)") } }
        family("x509_cert_not_before", "gauge", "Certificate notBefore as a Unix timestamp (seconds).")
        for e in inv.certificates { for l in e.locations { out.append("x509_cert_not_before\(labels(e, l.path)) \(e.details.notBefore)") } }
        family("x509_cert_expired", "gauge", "1 when the certificate was expired at the evaluation time.")
        for e in inv.certificates { for l in e.locations { out.append("x509_cert_expired\(labels(e, l.path)) \(e.status == .expired ? 1 : 0)") } }
        family("meshcert_certificate_findings", "gauge", "Findings per certificate and code (1 = present).")
        for e in inv.certificates {
            for f in e.findings {
                out.append("meshcert_certificate_findings{sha256=\"\(e.sha256)\",code=\"\(f.code)\",severity=\"\(f.severity.rawValue)\"} 1")
            }
        }
        family("x509_read_errors", "gauge", "Files that could not be read, by error code.")
        var byCode: [String: Int] = [:]
        for e in inv.errors { byCode[e.code, default: 0] += 1 }
        if byCode.isEmpty { out.append("x509_read_errors 0") }
        for code in byCode.keys.sorted() { out.append("x509_read_errors{code=\"\(code)\"} \(byCode[code]!)") }
        family("meshcert_scan_certificates", "gauge", "Distinct certificates in the inventory.")
        out.append("meshcert_scan_certificates \(inv.certificates.count)")
        family("meshcert_scan_evaluated_at", "gauge", "The evaluation time of this scan (Unix seconds).")
        out.append("meshcert_scan_evaluated_at \(inv.evaluatedAt)")
        return out.joined(separator: "\n") + "\n"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
