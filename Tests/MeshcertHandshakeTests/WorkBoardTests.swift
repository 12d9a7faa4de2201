import Testing
import MeshcertOpenSSL
@testable import MeshcertHandshake

/// The scheduler behind --jobs/--per-host/--repeat, driven by hand (no sockets).
@Suite struct WorkBoardTests {
    func check(_ name: String, host: String) -> HandshakeCheck {
        HandshakeCheck(name: name, target: Target(host: host, port: 443), client: TLSClientConfiguration(trustFile: "ca.pem"))
    }

    @Test func perHostLimitHoldsBackTheBusyHost() throws {
        let checks = [check("a1", host: "a"), check("a2", host: "a"), check("b1", host: "b")]
        let board = WorkBoard(checks: checks, repeatCount: 1, perHost: 1)
        let first = try #require(board.next())
        #expect(first.host == "a" && first.check == 0)
        let second = try #require(board.next())
        #expect(second.host == "b")  // "a" is at its limit, so "b" goes first
        board.finish(first, result: CheckRunner.result(checks[0], ProbeResult(), clientAuth: .none), start: 0, end: 1)
        let third = try #require(board.next())
        #expect(third.check == 1)
        board.finish(second, result: CheckRunner.result(checks[2], ProbeResult(), clientAuth: .none), start: 0, end: 1)
        board.finish(third, result: CheckRunner.result(checks[1], ProbeResult(), clientAuth: .none), start: 1, end: 2)
        #expect(board.next() == nil)
        #expect(board.results(repeatCount: 1).map(\.check.name) == ["a1", "a2", "b1"])
    }

    @Test func repeatAddsLoadAndSurfacesAMissedRepetition() throws {
        let checks = [check("a", host: "a")]
        let board = WorkBoard(checks: checks, repeatCount: 4, perHost: 5)
        for i in 0..<4 {
            let task = try #require(board.next())
            var probe = ProbeResult()
            probe.connectMs = 1
            probe.handshakeMs = Double(i + 1)
            if task.repetition == 2 { (probe.reason, probe.detail) = (.timeout, "slow") }
            board.finish(task, result: CheckRunner.result(checks[0], probe, clientAuth: .none), start: Double(i), end: Double(i) + 0.5)
        }
        let result = try #require(board.results(repeatCount: 4).first)
        #expect(result.reason == .timeout)  // the miss is reported, not hidden behind the first good run
        let load = try #require(result.load)
        #expect(load.handshakes == 4 && load.missed == 1)
        #expect(load.handshakesPerSecond == 4 / 3.5)
        #expect(load.p50Ms == 3 && load.p99Ms == 5)
    }

    @Test func repeatSplitsTheMeanTimeIntoPhases() throws {
        let checks = [check("a", host: "a")]
        let board = WorkBoard(checks: checks, repeatCount: 2, perHost: 5)
        for i in 0..<2 {
            let task = try #require(board.next())
            var probe = ProbeResult()
            (probe.connectMs, probe.handshakeMs) = (0.5, Double(2 + i))
            // A TLS 1.2 handshake has no post-handshake read: it counts as 0 in the mean.
            probe.postHandshakeMs = i == 0 ? 1 : nil
            board.finish(task, result: CheckRunner.result(checks[0], probe, clientAuth: .none), start: Double(i), end: Double(i) + 0.005)
        }
        let load = try #require(board.results(repeatCount: 2).first?.load)
        #expect(load.meanConnectMs == 0.5)
        #expect(load.meanHandshakeMs == 2.5)
        #expect(load.meanPostHandshakeMs == 0.5)
        #expect(abs(load.meanTotalMs - 5) < 1e-9)
    }
}
