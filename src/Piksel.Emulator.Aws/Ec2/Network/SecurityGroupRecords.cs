namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>A security group of a VPC with its rules, each one source or destination as EC2 keeps them (sgr-…).</summary>
internal sealed record SecurityGroupRecord(string Account, string Region, string Id, string VpcId, string GroupName, string Description)
    : INetworkResource
{
    public IReadOnlyList<Ec2Tag> Tags { get; init; } = [];
    public IReadOnlyList<SecurityGroupRule> Rules { get; init; } = [];

    public INetworkResource WithTags(IReadOnlyList<Ec2Tag> tags) => this with { Tags = tags };
}

/// <summary>
/// One rule: a direction, a protocol (<c>-1</c> for all, then no ports) with its port range, and exactly one peer (an
/// IPv4 or IPv6 block, a security group, or a prefix list).
/// </summary>
internal sealed record SecurityGroupRule(string RuleId, bool Egress, string Protocol, int? FromPort, int? ToPort, string? CidrIpv4,
    string? CidrIpv6, string? ReferencedGroupId, string? PrefixListId, string? Description)
{
    /// <summary>True when <paramref name="other"/> is the same permission (its id and description aside).</summary>
    public bool SamePermission(SecurityGroupRule other) =>
        Egress == other.Egress && Protocol == other.Protocol && FromPort == other.FromPort && ToPort == other.ToPort
        && CidrIpv4 == other.CidrIpv4 && CidrIpv6 == other.CidrIpv6 && ReferencedGroupId == other.ReferencedGroupId
        && PrefixListId == other.PrefixListId;

    /// <summary>The rule's peer as EC2's duplicate message names it.</summary>
    public string Peer => CidrIpv4 ?? CidrIpv6 ?? ReferencedGroupId ?? PrefixListId ?? "";
}
