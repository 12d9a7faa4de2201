import MeshcertInventory
import MeshcertSupport

extension ScanDocument {
    /// The scan's findings by code, in code order (the summary holds them as an unordered map).
    var findingCounts: OrderedCounts {
        OrderedCounts(summary.findings.keys.sorted().map { OrderedCounts.Entry(key: $0, count: summary.findings[$0]!) })
    }
}
