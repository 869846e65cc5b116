namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>What every EC2 networking row carries: where it lives, its id, its tags.</summary>
internal interface INetworkResource
{
    string Account { get; }
    string Region { get; }
    string Id { get; }
    IReadOnlyList<Ec2Tag> Tags { get; }

    /// <summary>The same resource carrying <paramref name="tags"/> instead (what CreateTags and DeleteTags write).</summary>
    INetworkResource WithTags(IReadOnlyList<Ec2Tag> tags);
}

/// <summary>A VPC with the resources AWS makes beside it: main route table, default security group, default network ACL.</summary>
internal sealed record VpcRecord(string Account, string Region, string Id, string CidrBlock, DateTimeOffset CreateTime,
    string MainRouteTableId, string DefaultSecurityGroupId, string DefaultNetworkAclId) : INetworkResource
{
    public IReadOnlyList<Ec2Tag> Tags { get; init; } = [];
    public INetworkResource WithTags(IReadOnlyList<Ec2Tag> tags) => this with { Tags = tags };
    public bool EnableDnsSupport { get; init; } = true;
    public bool EnableDnsHostnames { get; init; }
}

/// <summary>A subnet of a VPC in one zone.</summary>
internal sealed record SubnetRecord(string Account, string Region, string Id, string VpcId, string CidrBlock, string AvailabilityZone)
    : INetworkResource
{
    public IReadOnlyList<Ec2Tag> Tags { get; init; } = [];
    public INetworkResource WithTags(IReadOnlyList<Ec2Tag> tags) => this with { Tags = tags };
    public bool MapPublicIpOnLaunch { get; init; }
}

/// <summary>An internet gateway, attached to at most one VPC.</summary>
internal sealed record InternetGatewayRecord(string Account, string Region, string Id) : INetworkResource
{
    public IReadOnlyList<Ec2Tag> Tags { get; init; } = [];
    public INetworkResource WithTags(IReadOnlyList<Ec2Tag> tags) => this with { Tags = tags };
    public string? VpcId { get; init; }
}

/// <summary>One route: a destination (CIDR or prefix list) and exactly one target.</summary>
internal sealed record RouteEntry(string? DestinationCidrBlock, string? DestinationPrefixListId, string? GatewayId, string? NatGatewayId,
    string Origin)
{
    /// <summary>The destination as the route is keyed.</summary>
    public string Destination => DestinationCidrBlock ?? DestinationPrefixListId ?? "";
}

/// <summary>A subnet's (or the VPC's main) association with a route table.</summary>
internal sealed record RouteTableAssociation(string AssociationId, string? SubnetId, bool Main);

/// <summary>A route table of a VPC with its routes and associations.</summary>
internal sealed record RouteTableRecord(string Account, string Region, string Id, string VpcId) : INetworkResource
{
    public IReadOnlyList<Ec2Tag> Tags { get; init; } = [];
    public INetworkResource WithTags(IReadOnlyList<Ec2Tag> tags) => this with { Tags = tags };
    public IReadOnlyList<RouteEntry> Routes { get; init; } = [];
    public IReadOnlyList<RouteTableAssociation> Associations { get; init; } = [];
    public bool IsMain => Associations.Any(a => a.Main);
}
