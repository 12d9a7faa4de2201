/// `aws route53 list-resource-record-sets` (botocore route53 2013-04-01): the weighted records.
public struct ListResourceRecordSetsOutput: Decodable, Sendable, Equatable {
    public var recordSets: [ResourceRecordSet]
    enum CodingKeys: String, CodingKey { case recordSets = "ResourceRecordSets" }
}

public struct ResourceRecordSet: Decodable, Sendable, Equatable {
    public var name: String
    public var type: String
    public var setIdentifier: String?
    /// 0–255; present only on weighted records.
    public var weight: Int?
    public var aliasTarget: AliasTarget?
    public var resourceRecords: [ResourceRecord]?

    public struct AliasTarget: Decodable, Sendable, Equatable {
        public var dnsName: String
        public var hostedZoneId: String?
        enum CodingKeys: String, CodingKey { case dnsName = "DNSName", hostedZoneId = "HostedZoneId" }
    }

    public struct ResourceRecord: Decodable, Sendable, Equatable {
        public var value: String
        enum CodingKeys: String, CodingKey { case value = "Value" }
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", type = "Type", setIdentifier = "SetIdentifier", weight = "Weight"
        case aliasTarget = "AliasTarget", resourceRecords = "ResourceRecords"
    }

    public init(name: String, type: String = "CNAME", setIdentifier: String, weight: Int, alias: String? = nil, value: String? = nil) {
        self.name = name
        self.type = type
        self.setIdentifier = setIdentifier
        self.weight = weight
        aliasTarget = alias.map { AliasTarget(dnsName: $0, hostedZoneId: nil) }
        resourceRecords = value.map { [ResourceRecord(value: $0)] }
    }

    /// Where the record points: the alias target's DNS name, else its first value.
    public var target: String? { aliasTarget?.dnsName ?? resourceRecords?.first?.value }
}

/// `aws route53 get-hosted-zone`.
public struct GetHostedZoneOutput: Decodable, Sendable, Equatable {
    public var hostedZone: HostedZone
    public struct HostedZone: Decodable, Sendable, Equatable {
        public var id: String
        public var name: String
        enum CodingKeys: String, CodingKey { case id = "Id", name = "Name" }
    }
    enum CodingKeys: String, CodingKey { case hostedZone = "HostedZone" }
}
