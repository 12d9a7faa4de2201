import MeshcertOpenSSL
import MeshcertSupport

/// Runs one check (its first repetition): the probe as configured and, when a client
/// certificate was presented and asked for, a second probe without it to tell "requested"
/// from "required"; after a `protocol_mismatch`, one probe per TLS version to learn what the
/// server offers.
enum CheckRunner {
    static func run(_ check: HandshakeCheck, contexts: ContextCache, probeClientAuth: Bool) -> HandshakeCheckResult {
        let presents = check.client.presentsClientCertificate
        let first = HandshakeProbe.run(check, context: contexts.context(for: check.client), presentsClientCertificate: presents)

        var clientAuth = ClientAuth.none
        if first.sawCertificateRequest {
            if !presents {
                clientAuth = first.reason == .clientCertificateRequired || first.http?.verdict == .clientCertificateRequired
                    ? .required : .requested
            } else if probeClientAuth && [.ok, .handshakeFailure, .clientCertificateRejected].contains(first.reason) {
                var bareCheck = check
                bareCheck.httpProbe = nil   // the TLS level only: does the server let a caller without one through?
                let bare = HandshakeProbe.run(bareCheck, context: contexts.context(for: check.client.withoutClientCertificate),
                                              presentsClientCertificate: false)
                clientAuth = bare.reason == .clientCertificateRequired ? .required : .requested
            } else {
                clientAuth = .requested
            }
        } else if first.reason == .clientCertificateRequired {
            clientAuth = .required
        }
        var result = result(check, first, clientAuth: clientAuth)
        if result.reason == .protocolMismatch {
            result.serverVersions = offeredVersions(check)
            let offered = result.serverVersions!.isEmpty ? "none of TLS 1.2 and TLS 1.3" : result.serverVersions!.joined(separator: ", ")
            let ours = [check.client.minVersion.map { "min \($0.rawValue)" }, check.client.maxVersion.map { "max \($0.rawValue)" }]
                .compactMap { $0 }.joined(separator: ", ")
            result.detail += "; the server offers \(offered)" + (ours.isEmpty ? "" : " (this check allows \(ours))")
        }
        return result
    }

    /// One handshake per version, pinned to it, all within one handshake deadline of the check:
    /// a version counts as offered when the server answered with a ServerHello for it.
    static func offeredVersions(_ check: HandshakeCheck) -> [String] {
        let deadline = MonotonicClock.now() + check.timeouts.connect + check.timeouts.handshake
        var offered: [String] = []
        for version in TLSVersion.allCases {
            let remaining = deadline - MonotonicClock.now()
            guard remaining > 0.01 else { break }
            var pinned = check
            pinned.client = check.client.withoutClientCertificate
            pinned.client.minVersion = version
            pinned.client.maxVersion = version
            pinned.httpProbe = nil
            pinned.timeouts = HandshakeTimeouts(connect: min(check.timeouts.connect, remaining), handshake: min(check.timeouts.handshake, remaining),
                                                read: 0.001)
            guard let context = try? TLSContext(client: pinned.client) else { continue }
            let probe = HandshakeProbe.run(pinned, context: context, presentsClientCertificate: false, summaryOnly: true)
            if let negotiated = probe.protocolVersion, probe.reason != .protocolMismatch { offered.append(negotiated) }
        }
        return offered
    }

    static func result(_ check: HandshakeCheck, _ probe: ProbeResult, clientAuth: ClientAuth) -> HandshakeCheckResult {
        let at = check.client.verificationTime ?? Timestamp.now()
        let chain = probe.chain.flatMap { ChainDiagnosis($0, at: at, warnDays: check.warnDays) }
        var reason = probe.reason
        var detail = probe.detail
        var clientAuth = clientAuth
        var compatible = false
        if let chain {
            (reason, detail) = CertificateWords.refine(reason, detail, chain: chain, sent: probe.chain?.sent ?? [])
        }
        if reason == .ok, let http = probe.http, let verdict = http.verdict {
            // The TLS handshake went through; the application refused the request.
            reason = verdict
            if verdict == .clientCertificateRequired { clientAuth = .required }
            detail = "TLS handshake complete (\(probe.protocolVersion ?? "?"), \(probe.cipher ?? "?")), but GET \(http.path) was refused: "
                + "\(http.statusLine ?? "?") \"\(http.clientCertificateProblem ?? "")\""
                + (verdict == .clientCertificateRequired ? ": the application requires a client certificate"
                                                         : ": the application rejected the client certificate")
        } else if reason == .ok {
            let problems = ServiceConnectRules.problems(protocolVersion: probe.protocolVersion, cipher: probe.cipher,
                                                        key: probe.peerKey, clientAuth: clientAuth)
            compatible = problems.isEmpty
            detail = "handshake complete (\(probe.protocolVersion ?? "?"), \(probe.cipher ?? "?")"
                + (clientAuth == .none ? "" : ", client certificate \(clientAuth.rawValue)") + ")"
                + (probe.http.map { http in "; GET \(http.path): \(http.statusLine ?? "no HTTP answer")" } ?? "")
                + "; " + (compatible ? "Service Connect compatible" : "not Service Connect compatible: " + problems.joined(separator: "; "))
            if clientAuth == .requested && probe.http == nil {
                detail += "; the server asks for a client certificate: TLS-level success does not prove the application accepts"
                    + " callers without one (--http-probe PATH sends a request)"
            }
        }
        var result = HandshakeCheckResult(check: check, reason: reason, detail: detail, protocolVersion: probe.protocolVersion,
                                          cipher: probe.cipher, group: probe.group, clientAuth: clientAuth, peerChain: probe.peerChain,
                                          serviceConnectCompatible: compatible, connectMs: probe.connectMs,
                                          handshakeMs: probe.handshakeMs, postHandshakeMs: probe.postHandshakeMs, load: nil)
        result.chain = chain
        result.warnings = chain?.warnings(reason: reason) ?? []
        if let strict = probe.strictFailure {
            result.warnings.append(HandshakeWarning(code: HandshakeWarning.strictValidationFailed,
                detail: "verified under the compatible profile, but --verify-profile strict rejects the chain: \(strict)"))
        }
        for finding in probe.pedantic {
            result.warnings.append(HandshakeWarning(code: finding.check.rawValue, detail: "--pedantic: " + finding.detail))
        }
        result.verification = probe.verifyCode.map { ChainVerification(profile: check.client.policy.profile, code: $0) }
        result.ocspStapled = probe.chain.flatMap { $0.sent.isEmpty ? nil : $0.ocspStapled }
        result.http = probe.http
        return result
    }
}

/// The words of certificate failures: which certificate, its dates, its names.
enum CertificateWords {
    static func refine(_ reason: HandshakeReason, _ detail: String, chain: ChainDiagnosis, sent: [TLSPeerCertificate])
        -> (HandshakeReason, String) {
        switch reason {
        case .untrusted:
            guard !chain.complete, let missing = chain.missingIssuer, let top = chain.top else { return (reason, detail) }
            let position = sent.firstIndex { $0.sha256 == top.sha256 }.map { "position \($0)" } ?? "?"
            let words = "the server sent no certificate for '\(missing)', the issuer of '\(top.subject)' (\(position)),"
                + " and --trust does not hold it"
            // The certificate says where its issuer is published (caIssuers): an intermediate the
            // server should send. Without that, an issuer we do not have may as well be an unknown root.
            if !top.caIssuersURIs.isEmpty && !top.selfSigned {
                return (.incompleteChain, "incomplete chain: \(words); the server must send its intermediate certificates"
                        + " (published at \(top.caIssuersURIs.joined(separator: ", "))); \(detail)")
            }
            return (reason, "\(detail): \(words) (an unknown CA, or an intermediate the server should send)")
        case .expired, .notYetValid:
            guard let bad = chain.outsideValidity else { return (reason, detail) }
            let what = reason == .expired ? "expired at \(bad.notAfter.map(Timestamp.format) ?? "?")"
                                          : "is not valid before \(bad.notBefore.map(Timestamp.format) ?? "?")"
            return (reason, "\(detail): \(ChainDiagnosis.describe(bad)) \(what) (\(ChainDiagnosis.dates(bad)))")
        case .hostnameMismatch:
            guard let leaf = sent.first else { return (reason, detail) }
            let names = leaf.dnsNames.map { "DNS:\($0)" } + leaf.ipAddresses.map { "IP:\($0)" }
            return (reason, "\(detail): the certificate names " + (names.isEmpty ? "no DNS or IP name (subject \(leaf.subject))"
                                                                                  : names.joined(separator: ", ")))
        default:
            return (reason, detail)
        }
    }
}
