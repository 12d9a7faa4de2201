/// `aws servicediscovery list-namespaces` and `list-services` (botocore servicediscovery 2017-03-14).
public struct ListNamespacesOutput: Decodable, Sendable, Equatable {
    public var namespaces: [CloudMapNamespace]
    enum CodingKeys: String, CodingKey { case namespaces = "Namespaces" }
}

public struct CloudMapNamespace: Decodable, Sendable, Equatable {
    public var id: String
    public var arn: String?
    public var name: String?
    public var type: String?
    enum CodingKeys: String, CodingKey { case id = "Id", arn = "Arn", name = "Name", type = "Type" }
}

public struct ListCloudMapServicesOutput: Decodable, Sendable, Equatable {
    public var services: [CloudMapService]
    enum CodingKeys: String, CodingKey { case services = "Services" }
}

public struct CloudMapService: Decodable, Sendable, Equatable {
    public var id: String
    public var arn: String?
    public var name: String?
    public var namespaceId: String?
    enum CodingKeys: String, CodingKey { case id = "Id", arn = "Arn", name = "Name", namespaceId = "NamespaceId" }
}
