namespace Piksel.Emulator.Aws.Rds;

/// <summary>One tag of an RDS resource.</summary>
internal sealed record RdsTag(string Key, string Value);

/// <summary>A subnet of a DB subnet group and its zone.</summary>
internal sealed record RdsSubnet(string SubnetId, string AvailabilityZone);

/// <summary>A DB subnet group: subnets of one VPC covering at least two zones.</summary>
internal sealed record DbSubnetGroupRecord(string Account, string Region, string Name, string Description, string VpcId, string Arn)
{
    public IReadOnlyList<RdsSubnet> Subnets { get; init; } = [];
    public IReadOnlyList<RdsTag> Tags { get; init; } = [];
}

/// <summary>A DB parameter group: its family and the values set on it (everything else is the engine default).</summary>
internal sealed record DbParameterGroupRecord(string Account, string Region, string Name, string Family, string Description, string Arn)
{
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public IReadOnlyList<RdsTag> Tags { get; init; } = [];
}

/// <summary>A DB snapshot: the instance's metadata at the time (no copy of the data is kept).</summary>
internal sealed record DbSnapshotRecord(string Account, string Region, string Identifier, string Arn, string InstanceIdentifier)
{
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset InstanceCreatedAt { get; init; }
    public required string EngineVersion { get; init; }
    public required int AllocatedStorage { get; init; }
    public required int Port { get; init; }
    public required string MasterUsername { get; init; }
    public required string DbiResourceId { get; init; }
    public string? VpcId { get; init; }
    public string? AvailabilityZone { get; init; }
    public bool Encrypted { get; init; }
    public string? KmsKeyArn { get; init; }
    public string SnapshotType { get; init; } = "manual";
    public IReadOnlyList<RdsTag> Tags { get; init; } = [];
}

/// <summary>An event RDS reports on a resource (DescribeEvents): a server that failed, an instance made or deleted.</summary>
internal sealed record RdsEventRecord(string Account, string Region, string SourceIdentifier, string SourceArn, string Message, DateTimeOffset Date);
