import MeshcertRotation

/// The rotation scenario reader: any text gives a scenario or a ScenarioError, never a crash.
/// A scenario small enough to simulate in a few milliseconds is then simulated twice, by the
/// automatic strategy (per task; slice by slice with a rate limit) and by the global event
/// queue, cost comparison included: the two must be equal field for field (a differential
/// check of the simulator's fast paths against its reference).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)
    guard let loaded = try? ScenarioReader.parse(text, file: "fuzz.yaml") else { return 0 }
    let s = loaded.scenario
    guard isSmall(s) else { return 0 }
    let (a, ca) = CostComparison.simulate(s, options: .init(recordCertificates: true))
    let (b, cb) = CostComparison.simulate(s, options: .init(recordCertificates: true, strategy: .eventQueue))
    precondition(a == b && ca == cb, "the automatic strategy and the global queue disagree on this scenario")
    return 0
}

/// At most 16 tasks over 10 days, with events at most about a minute apart per task.
func isSmall(_ s: Scenario) -> Bool {
    let day: Int64 = 86400
    let tasks = s.services.reduce(0) { $0 + $1.tasks }
    return tasks <= 16 && s.duration <= 10 * day && s.renewAtSeconds >= 60 && s.rotation.retryInterval >= 60
        && s.services.allSatisfy { $0.restartsPerDay <= 100 }
}
