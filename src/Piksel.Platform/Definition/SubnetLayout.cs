using Piksel.Platform.Settings;

namespace Piksel.Platform.Definition;

/// <summary>
/// The subnets of a VPC: per zone one public and one private, carved from the VPC's block the way the real accounts
/// are (terraform <c>cidrsubnet</c>). Private subnets take the upper half of the VPC, split into the next power of
/// two of the zone count (two zones: <c>cidrsubnet(vpc, 2, i + 2)</c>, staging's /18s; three: <c>cidrsubnet(vpc, 3,
/// i + 4)</c>, production's /19s). Public subnets lie in the lower half: with two zones small, as in staging
/// (<c>cidrsubnet(vpc, 8, i)</c>, /24s of a /16, widened where the VPC is too small for that), with more zones as
/// large as the private ones (<c>cidrsubnet(vpc, 3, i)</c>, production's /19s). So the halves never overlap and every
/// subnet lies inside the VPC. Zones are the region's first N (<c>&lt;region&gt;a</c>, <c>b</c>, …).
/// </summary>
public static class SubnetLayout
{
    /// <summary>
    /// The smallest subnet made: a /26, the floor settings validation holds <c>vpcCidr</c> to (AWS allows /28, but nodes
    /// and VPC CNI pods take their addresses from these subnets).
    /// </summary>
    public const int SmallestPrefix = 26;

    /// <summary>The subnets of <paramref name="vpc"/> over the first <paramref name="zones"/> zones of <paramref name="region"/>.</summary>
    public static IReadOnlyList<ZoneSubnets> For(Ipv4Cidr vpc, string region, int zones)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(zones, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(zones, 26);
        var zoneBits = BitsFor(zones);
        var privateBits = 1 + zoneBits;
        var publicBits = zones == 2 ? Math.Max(privateBits, Math.Min(8, SmallestPrefix - vpc.PrefixLength)) : privateBits;
        if (vpc.PrefixLength + Math.Max(privateBits, publicBits) > SmallestPrefix)
        {
            throw new ArgumentException($"VPC {vpc} is too small for {zones} public and {zones} private subnets of at least /{SmallestPrefix}.", nameof(vpc));
        }

        return [.. Enumerable.Range(0, zones).Select(i => new ZoneSubnets(
            $"{region}{(char)('a' + i)}",
            Subnet(vpc, publicBits, i),
            Subnet(vpc, privateBits, (1 << zoneBits) + i)))];
    }

    /// <summary>terraform's <c>cidrsubnet(prefix, newbits, netnum)</c>.</summary>
    public static Ipv4Cidr Subnet(Ipv4Cidr prefix, int newBits, int netNum)
    {
        var length = prefix.PrefixLength + newBits;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 32, nameof(newBits));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((long)netNum, 1L << newBits, nameof(netNum));
        return new Ipv4Cidr(prefix.Network | ((uint)netNum << (32 - length)), length);
    }

    // The bits that number n blocks: ceil(log2 n).
    private static int BitsFor(int n) => n <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(n - 1));
}
