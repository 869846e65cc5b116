namespace Piksel.Platform.Spec.Aws;

/// <summary>
/// One ingress rule of a security group: a protocol and port range from exactly one source, another security group
/// or a CIDR block.
/// </summary>
/// <param name="Protocol"><c>tcp</c>, <c>udp</c>, <c>icmp</c> or <c>-1</c> (all).</param>
/// <param name="FromPort">The first port of the range.</param>
/// <param name="ToPort">The last port of the range.</param>
/// <param name="SourceSecurityGroupId">The security group whose members are admitted (<c>sg-…</c>, or a token), or null.</param>
/// <param name="CidrBlock">The IPv4 block admitted, or null.</param>
/// <param name="Description">What the rule is for. Default: none.</param>
public sealed record Ec2SecurityGroupRule(
    string Protocol, int FromPort, int ToPort, string? SourceSecurityGroupId = null, string? CidrBlock = null, string? Description = null);
