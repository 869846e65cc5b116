using Piksel.Platform.Settings;

namespace Piksel.Platform.Definition;

/// <summary>The subnets of one availability zone.</summary>
/// <param name="Zone">The zone name (<c>ap-southeast-3a</c>).</param>
/// <param name="Public">The public subnet's block (load balancers, NAT).</param>
/// <param name="Private">The private subnet's block (workers, pods, database).</param>
public sealed record ZoneSubnets(string Zone, Ipv4Cidr Public, Ipv4Cidr Private);
