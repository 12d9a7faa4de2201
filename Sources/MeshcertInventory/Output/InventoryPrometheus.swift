import Foundation
import MeshcertSupport

/// `--format prometheus`: text exposition for a node-exporter textfile collector. Like
/// x509-certificate-exporter, expiry is an absolute timestamp (`x509_cert_not_after`), so alerts
/// compute `x509_cert_not_after - time()` and the file never goes stale between scans.
public enum InventoryPrometheus {
    public static func render(_ inv: Inventory) -> String {
        var out = OutputBuffer()
        write(inv, into: &out)
        return out.string
    }

    /// Appends the exposition to `out`: each location's label set is escaped once and shared by
    /// the three `x509_cert_*` families (the exporter renders them on every scan). A streaming
    /// buffer spills after each series line.
    public static func write(_ inv: Inventory, into out: inout OutputBuffer) {
        // `{filepath="...",sha256="...",...,usage_mode="..."}` of every location, in order.
        var labels = OutputBuffer(capacity: inv.summary.locations * 200)
        var ends: [Int] = []
        ends.reserveCapacity(inv.summary.locations)
        var values: [(notAfter: Int64, notBefore: Int64, expired: Bool)] = []
        values.reserveCapacity(inv.summary.locations)
        for e in inv.certificates {
            var tail = OutputBuffer(capacity: 256)
            tail.literal("\",sha256=\"")
            tail.prometheusLabelValue(e.sha256)
            tail.literal("\",serial_number=\"")
            tail.prometheusLabelValue(e.details.serial)
            tail.literal("\",subject_CN=\"")
            tail.prometheusLabelValue(e.details.subjectCommonName ?? "")
            tail.literal("\",issuer_CN=\"")
            tail.prometheusLabelValue(e.details.issuerCommonName ?? "")
            tail.literal("\",usage_mode=\"")
            tail.prometheusLabelValue(e.usageMode?.rawValue ?? "CA")
            tail.literal("\"}")
            for l in e.locations {
                labels.literal("{filepath=\"")
                labels.prometheusLabelValue(l.path)
                labels.bytes.append(contentsOf: tail.bytes)
                ends.append(labels.count)
                values.append((e.details.notAfter, e.details.notBefore, e.status == .expired))
            }
        }
        out.reserve(3 * (labels.count + ends.count * 40) + 4096)
        func family(_ name: StaticString, _ type: StaticString, _ help: StaticString) {
            out.literal("# HELP "); out.literal(name); out.byte(32); out.literal(help); out.byte(10)
            out.literal("# TYPE "); out.literal(name); out.byte(32); out.literal(type); out.byte(10)
        }
        func series(_ name: StaticString, _ value: ((notAfter: Int64, notBefore: Int64, expired: Bool)) -> Int64) {
            var start = 0
            for (i, end) in ends.enumerated() {
                out.literal(name)
                out.bytes.append(contentsOf: labels.bytes[start..<end])
                out.byte(32)
                out.int(value(values[i]))
                out.byte(10)
                out.spill()
                start = end
            }
        }
        family("x509_cert_not_after", "gauge", "Certificate notAfter as a Unix timestamp (seconds).")
        series("x509_cert_not_after") { $0.notAfter }
        family("x509_cert_not_before", "gauge", "Certificate notBefore as a Unix timestamp (seconds).")
        series("x509_cert_not_before") { $0.notBefore }
        family("x509_cert_expired", "gauge", "1 when the certificate was expired at the evaluation time.")
        series("x509_cert_expired") { $0.expired ? 1 : 0 }
        family("meshcert_certificate_findings", "gauge", "Findings per certificate and code (1 = present).")
        for e in inv.certificates {
            for f in e.findings {
                out.literal("meshcert_certificate_findings{sha256=\""); out.text(e.sha256)
                out.literal("\",code=\""); out.text(f.code)
                out.literal("\",severity=\""); out.text(f.severity.rawValue)
                out.literal("\"} 1\n")
                out.spill()
            }
        }
        family("x509_read_errors", "gauge", "Files that could not be read, by error code.")
        var byCode: [String: Int] = [:]
        for e in inv.errors { byCode[e.code, default: 0] += 1 }
        if byCode.isEmpty { out.literal("x509_read_errors 0\n") }
        for code in byCode.keys.sorted() {
            out.literal("x509_read_errors{code=\""); out.text(code); out.literal("\"} "); out.int(byCode[code]!); out.byte(10)
        }
        family("meshcert_scan_certificates", "gauge", "Distinct certificates in the inventory.")
        out.literal("meshcert_scan_certificates "); out.int(inv.certificates.count); out.byte(10)
        family("meshcert_scan_evaluated_at", "gauge", "The evaluation time of this scan (Unix seconds).")
        out.literal("meshcert_scan_evaluated_at "); out.int(inv.evaluatedAt); out.byte(10)
    }

    static func escape(_ s: String) -> String {
        var out = OutputBuffer()
        out.prometheusLabelValue(s)
        return out.string
    }
}
