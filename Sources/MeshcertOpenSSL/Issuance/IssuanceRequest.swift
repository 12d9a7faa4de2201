/// What the lab asks its CAs to issue. Times are seconds since the epoch.
public struct IssuanceRequest: Sendable {
    public enum KeyType: String, Sendable { case ecP256 = "EC P-256", rsa2048 = "RSA 2048" }

    public var commonName: String
    public var organizationalUnit: String
    public var dnsNames: [String]
    public var ipAddresses: [String]
    public var notBefore: Int64
    public var notAfter: Int64
    public var keyType: KeyType
    public var serverAuth: Bool
    public var clientAuth: Bool

    public init(commonName: String, organizationalUnit: String = "meshcert lab", dnsNames: [String] = [],
                ipAddresses: [String] = [], notBefore: Int64, notAfter: Int64, keyType: KeyType = .ecP256,
                serverAuth: Bool = true, clientAuth: Bool = false) {
        self.commonName = commonName
        self.organizationalUnit = organizationalUnit
        self.dnsNames = dnsNames
        self.ipAddresses = ipAddresses
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.keyType = keyType
        self.serverAuth = serverAuth
        self.clientAuth = clientAuth
    }
}

/// A freshly issued certificate and its key, PEM. The key text is only ever written to a file
/// the lab owns (mode 0600), never printed.
public struct IssuedIdentity: Sendable {
    public let certificatePEM: String
    public let keyPEM: String
}
