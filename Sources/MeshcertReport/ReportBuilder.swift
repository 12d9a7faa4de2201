import MeshcertSupport

/// Builds the report document from the component documents. Everything the page shows is in
/// this document, so the HTML can be regenerated from report.json alone and two reports diffed.
public enum ReportBuilder {
    public static let schema = ReportDocument.schema
    public static let generator = ReportDocument.generator

    public static func build(_ inputs: ReportInputs, previous: ReportDocument? = nil, previousPath: String? = nil) -> ReportDocument {
        let components = ReportComponents(scan: inputs.scan, mesh: inputs.mesh, plan: inputs.plan, rotation: inputs.rotation, handshake: inputs.handshake)
        let handshakes = HandshakeRows.rows(components.handshake, services: inputs.handshakeServices)
        let services = ServiceJoin.services(components, handshakes: handshakes)
        var notes = inputs.notes
        if let previous {
            notes += ReportDiff.notCompared(previous: previous.components, current: components)
        }
        return ReportDocument(
            evaluatedAt: Instant(inputs.evaluatedAt), inputs: inputs.sources, notes: notes,
            summary: ReportSummary.build(components, services: services, handshakes: handshakes),
            services: services, handshakes: handshakes,
            sinceLastReport: previous.map { ReportDiff.diff(previous: $0, services: services, components: components, previousPath: previousPath) },
            components: components, charts: ReportCharts(rotationTimelineSvg: inputs.rotationTimelineSVG), migration: inputs.migration)
    }
}
