import Testing
import MeshcertOpenSSL
@testable import MeshcertHandshake

@Suite struct ServiceConnectRulesTests {
    let p256 = TLSPeerKey(algorithm: "EC", bits: 256, curve: "P-256")

    @Test func tls13WithAServiceConnectCipherAndP256IsCompatible() {
        #expect(ServiceConnectRules.problems(protocolVersion: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256", key: p256, clientAuth: .none).isEmpty)
        #expect(ServiceConnectRules.problems(protocolVersion: "TLSv1.3", cipher: "TLS_CHACHA20_POLY1305_SHA256",
                                             key: TLSPeerKey(algorithm: "RSA", bits: 2048, curve: nil), clientAuth: .requested).isEmpty)
    }

    @Test func eachRuleSaysWhy() {
        let tls12 = ServiceConnectRules.problems(protocolVersion: "TLSv1.2", cipher: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", key: p256, clientAuth: .none)
        #expect(tls12.count == 2)
        #expect(tls12[0].contains("TLS 1.3 only"))
        let rsa4096 = ServiceConnectRules.problems(protocolVersion: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384",
                                                   key: TLSPeerKey(algorithm: "RSA", bits: 4096, curve: nil), clientAuth: .none)
        #expect(rsa4096 == ["server key RSA 4096: Service Connect's CA issues ECDSA P-256 or RSA 2048 only"])
        let p384 = ServiceConnectRules.problems(protocolVersion: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384",
                                                key: TLSPeerKey(algorithm: "EC", bits: 384, curve: "P-384"), clientAuth: .none)
        #expect(p384.first?.contains("EC P-384") == true)
        let mtls = ServiceConnectRules.problems(protocolVersion: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384", key: p256, clientAuth: .required)
        #expect(mtls == ["the server requires a client certificate, Service Connect has no mutual TLS"])
    }
}
