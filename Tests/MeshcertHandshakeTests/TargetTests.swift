import Testing
@testable import MeshcertHandshake

@Suite struct TargetTests {
    @Test func parsesHostPortAndIPv6Literals() throws {
        let dns = try #require(Target(parsing: "users.sc.internal:8443"))
        #expect(dns.host == "users.sc.internal" && dns.port == 8443 && !dns.hostIsIPAddress)
        let v4 = try #require(Target(parsing: "127.0.0.1:443"))
        #expect(v4.hostIsIPAddress)
        let v6 = try #require(Target(parsing: "[::1]:8443"))
        #expect(v6.host == "::1" && v6.port == 8443 && v6.hostIsIPAddress)
        #expect(v6.description == "[::1]:8443")
    }

    @Test(arguments: ["users", "users:", ":443", "users:0", "users:70000", "::1:443", "[::1]443"])
    func rejectsMalformedTargets(text: String) {
        #expect(Target(parsing: text) == nil)
    }

    @Test func ipTargetsVerifyTheIPAndSendNoSNIUnlessNamed() {
        let config = MeshcertOpenSSLConfig.client
        let ip = HandshakeCheck(name: "a", target: Target(host: "127.0.0.1", port: 1), client: config)
        #expect(ip.effectiveServerName == nil)
        #expect(ip.verifiedIPAddress == "127.0.0.1")
        let named = HandshakeCheck(name: "b", target: Target(host: "127.0.0.1", port: 1), serverName: "users.sc.internal", client: config)
        #expect(named.effectiveServerName == "users.sc.internal")
        #expect(named.verifiedIPAddress == nil)
        let dns = HandshakeCheck(name: "c", target: Target(host: "users", port: 1), client: config)
        #expect(dns.effectiveServerName == "users")
    }

    @Test func timeoutsAcceptSecondsAndMilliseconds() {
        #expect(TimeoutText.seconds("5s") == 5)
        #expect(TimeoutText.seconds("250ms") == 0.25)
        #expect(TimeoutText.seconds("1m") == 60)
        #expect(TimeoutText.seconds("1.5") == 1.5)
        #expect(TimeoutText.seconds("0s") == nil)
        #expect(TimeoutText.seconds("soon") == nil)
    }
}

import MeshcertOpenSSL

enum MeshcertOpenSSLConfig {
    static let client = TLSClientConfiguration(trustFile: "Certs/short-lived/short-lived-ca.pem")
}
