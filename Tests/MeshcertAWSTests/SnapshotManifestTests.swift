import MeshcertSupport
import Testing
@testable import MeshcertAWS

@Suite struct SnapshotManifestTests {
    @Test func roundTripsThroughTheJSONLayer() throws {
        let calls = [
            SnapshotCall(region: "eu-west-1", service: "acm-pca", operation: "list-certificate-authorities", arguments: [],
                         file: "eu-west-1/acm-pca/list-certificate-authorities.json", status: .ok, attempts: 1, durationMilliseconds: 120),
            SnapshotCall(region: "eu-west-1", service: "ecs", operation: "list-clusters", arguments: [], file: nil, status: .failed,
                         error: .init(code: "AccessDeniedException", message: "not allowed"), attempts: 1, durationMilliseconds: 80),
        ]
        let manifest = SnapshotManifest(takenAt: Instant(1_796_000_000), profile: nil, endpointURL: "http://127.0.0.1:5000",
                                        regions: ["eu-west-1"], filters: .init(), calls: calls)
        #expect(manifest.summary == .init(calls))
        #expect(manifest.summary.ok == 1 && manifest.summary.failed == 1 && manifest.summary.skipped == 0)
        let json = try JSONValueEncoder().encode(manifest)
        let back = try JSONValueDecoder().decode(SnapshotManifest.self, from: json)
        #expect(back == manifest)
        #expect(back.calls(service: "ecs", operation: "list-clusters").first?.error?.code == "AccessDeniedException")
    }
}
