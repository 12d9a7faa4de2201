internal import COpenSSL
import Synchronization

/// The outcome of opening a PKCS#12 file with the passwords meshcert was given.
public enum PKCS12Outcome: Sendable {
    /// Opened: its certificates (leaf first, then the CA list) and its key, if any.
    case opened(certificates: [[UInt8]], key: PrivateKeyInfo?)
    /// The MAC did not verify with any candidate password.
    case wrongPassword(tried: Int)
    /// The password was right but the file uses algorithms this OpenSSL cannot load
    /// (RC2/3DES without the legacy provider).
    case unsupportedAlgorithm(String)
    /// Not a readable PKCS#12 structure.
    case invalid(OpenSSLError)
}

public enum PKCS12Archive {
    /// Opens `der` trying the empty password first, then each of `passwords` in order.
    /// Passwords never appear in the outcome or in any error.
    public static func open(der: UnsafeRawBufferPointer, passwords: [String]) -> PKCS12Outcome {
        guard let base = der.baseAddress, der.count > 0 else {
            return .invalid(OpenSSLError(operation: "d2i_PKCS12", messages: ["empty input"], codes: []))
        }
        var cursor: UnsafePointer<UInt8>? = base.assumingMemoryBound(to: UInt8.self)
        guard let p12 = d2i_PKCS12(nil, &cursor, der.count) else { return .invalid(OpenSSLError.drain("d2i_PKCS12")) }
        defer { PKCS12_free(p12) }

        let candidates = [""] + passwords.filter { !$0.isEmpty }
        for password in candidates {
            guard macVerifies(p12, password) else { continue }
            if let opened = parse(p12, password) { return opened }
            // Right password, but parsing failed: most often RC2/3DES needing the legacy provider.
            let failure = OpenSSLError.drain("PKCS12_parse")
            if LegacyProvider.loadOnce(), let opened = parse(p12, password) { return opened }
            OpenSSLErrorQueue.clear()
            let detail = LegacyProvider.available
                ? (failure.reason ?? "PKCS12_parse failed")
                : "legacy algorithms (RC2/3DES) need OpenSSL's legacy provider, which is not installed"
            return .unsupportedAlgorithm(detail)
        }
        OpenSSLErrorQueue.clear()
        return .wrongPassword(tried: candidates.count)
    }

    private static func macVerifies(_ p12: OpaquePointer, _ password: String) -> Bool {
        if PKCS12_mac_present(p12) == 0 { return true }
        let ok: Bool
        if password.isEmpty {
            // An "empty" password may mean NULL or "" depending on the writer: try both.
            ok = PKCS12_verify_mac(p12, nil, 0) == 1 || PKCS12_verify_mac(p12, "", 0) == 1
        } else {
            ok = PKCS12_verify_mac(p12, password, Int32(password.utf8.count)) == 1
        }
        OpenSSLErrorQueue.clear()
        return ok
    }

    private static func parse(_ p12: OpaquePointer, _ password: String) -> PKCS12Outcome? {
        var pkey: OpaquePointer? = nil
        var cert: OpaquePointer? = nil
        var ca: OpaquePointer? = nil
        guard PKCS12_parse(p12, password, &pkey, &cert, &ca) == 1 else { return nil }
        defer {
            if let cert { X509_free(cert) }
            if let ca { mc_sk_X509_pop_free(ca) }
        }
        var certificates: [[UInt8]] = []
        if let cert { certificates.append(X509Certificate.derBytes(cert)) }
        if let ca {
            for i in 0..<mc_sk_X509_num(ca) {
                if let x = mc_sk_X509_value(ca, i) { certificates.append(X509Certificate.derBytes(x)) }
            }
        }
        let key = pkey.map { PrivateKeyHandle(taking: $0).info() }
        return .opened(certificates: certificates, key: key)
    }
}

/// OpenSSL's legacy provider (RC2, 3DES, MD4...), loaded on first need. Loading any provider
/// explicitly stops the default one from loading implicitly, so both are loaded together.
enum LegacyProvider {
    private static let state = Mutex<(tried: Bool, loaded: Bool)>((false, false))
    nonisolated(unsafe) private static var loadedProviders: [OpaquePointer?] = []

    static var available: Bool { state.withLock { $0.loaded } }

    /// Returns true when the legacy provider was loaded now (false if already tried or absent).
    static func loadOnce() -> Bool {
        state.withLock { s in
            guard !s.tried else { return false }
            s.tried = true
            // Loaded for the life of the process; kept here (not dropped) so leak checkers see
            // them as held, not lost. Written once, under the lock.
            loadedProviders = [OSSL_PROVIDER_load(nil, "default"), OSSL_PROVIDER_load(nil, "legacy")]
            s.loaded = loadedProviders[1] != nil
            OpenSSLErrorQueue.clear()
            return s.loaded
        }
    }
}
