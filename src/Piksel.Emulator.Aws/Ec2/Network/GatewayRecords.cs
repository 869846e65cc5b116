namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>An Elastic IP address of a VPC (<c>eipalloc-…</c>); a NAT gateway holding it is what it is associated with.</summary>
internal sealed record AddressRecord(string Account, string Region, string Id, string PublicIp) : INetworkResource
{
    public IReadOnlyList<Ec2Tag> Tags { get; init; } = [];
    public INetworkResource WithTags(IReadOnlyList<Ec2Tag> tags) => this with { Tags = tags };
}

/// <summary>
/// A NAT gateway in a subnet. Its state is read off the clock: <c>pending</c> for <see cref="NatGatewayStates.Delay"/>
/// after creation, then <c>available</c> (or <c>failed</c> when <see cref="FailureCode"/> is set); after DeleteNatGateway
/// <c>deleting</c> for the same delay, then <c>deleted</c>.
/// </summary>
internal sealed record NatGatewayRecord(string Account, string Region, string Id, string VpcId, string SubnetId, string? AllocationId,
    string ConnectivityType, DateTimeOffset CreateTime, string NetworkInterfaceId, string PrivateIp) : INetworkResource
{
    public IReadOnlyList<Ec2Tag> Tags { get; init; } = [];
    public DateTimeOffset? DeleteTime { get; init; }
    public string? FailureCode { get; init; }
    public string? FailureMessage { get; init; }
    public INetworkResource WithTags(IReadOnlyList<Ec2Tag> tags) => this with { Tags = tags };
}

/// <summary>A gateway VPC endpoint: a service reached through routes to its prefix list in the endpoint's route tables.</summary>
internal sealed record VpcEndpointRecord(string Account, string Region, string Id, string VpcId, string ServiceName, string PrefixListId,
    string PolicyDocument, DateTimeOffset CreateTime) : INetworkResource
{
    public IReadOnlyList<Ec2Tag> Tags { get; init; } = [];
    public IReadOnlyList<string> RouteTableIds { get; init; } = [];
    public INetworkResource WithTags(IReadOnlyList<Ec2Tag> tags) => this with { Tags = tags };
}
