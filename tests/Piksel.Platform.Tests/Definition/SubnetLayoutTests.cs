using CsCheck;
using Piksel.Platform.Definition;
using Piksel.Platform.Settings;

namespace Piksel.Platform.Tests.Definition;

/// <summary>The subnets carved from a VPC: the real accounts' layouts, and for any valid VPC inside it and disjoint.</summary>
public sealed class SubnetLayoutTests
{
    [Fact]
    public void Two_zones_follow_staging_public_24s_and_private_18s()
    {
        var layout = SubnetLayout.For(Ipv4Cidr.Parse("10.2.0.0/16"), "ap-southeast-3", 2);

        Assert.Equal(["ap-southeast-3a", "ap-southeast-3b"], layout.Select(z => z.Zone));
        Assert.Equal(["10.2.0.0/24", "10.2.1.0/24"], layout.Select(z => z.Public.ToString()));
        Assert.Equal(["10.2.128.0/18", "10.2.192.0/18"], layout.Select(z => z.Private.ToString()));
    }

    [Fact]
    public void Three_zones_follow_production_19s()
    {
        var layout = SubnetLayout.For(Ipv4Cidr.Parse("10.3.0.0/16"), "ap-southeast-3", 3);

        Assert.Equal(["ap-southeast-3a", "ap-southeast-3b", "ap-southeast-3c"], layout.Select(z => z.Zone));
        Assert.Equal(["10.3.0.0/19", "10.3.32.0/19", "10.3.64.0/19"], layout.Select(z => z.Public.ToString()));
        Assert.Equal(["10.3.128.0/19", "10.3.160.0/19", "10.3.192.0/19"], layout.Select(z => z.Private.ToString()));
    }

    [Theory]
    [InlineData("10.0.0.0/16", 3, 3, "10.0.96.0/19")]
    [InlineData("10.0.0.0/16", 8, 255, "10.0.255.0/24")]
    [InlineData("192.168.4.0/22", 2, 2, "192.168.6.0/24")]
    public void Subnet_is_terraforms_cidrsubnet(string prefix, int newBits, int netNum, string expected) =>
        Assert.Equal(expected, SubnetLayout.Subnet(Ipv4Cidr.Parse(prefix), newBits, netNum).ToString());

    [Fact]
    public void A_vpc_too_small_for_the_zones_is_refused_naming_it()
    {
        var e = Assert.Throws<ArgumentException>(() => SubnetLayout.For(Ipv4Cidr.Parse("10.0.0.0/24"), "ap-southeast-3", 3));
        Assert.Contains("10.0.0.0/24", e.Message, StringComparison.Ordinal);
    }

    // Every VPC settings validation accepts (private range, /16–/24, room for 2N subnets of /26) and 2–6 zones.
    [Fact]
    public void Every_subnet_lies_inside_the_vpc_and_none_overlap()
    {
        var valid = from zones in Gen.Int[2, 6]
                    from prefix in Gen.Int[16, 24]
                    where prefix + (int)Math.Ceiling(Math.Log2(2 * zones)) <= SubnetLayout.SmallestPrefix
                    from rangeIndex in Gen.Int[0, 2]
                    let range = Ipv4Cidr.PrivateRanges[rangeIndex]
                    from bits in Gen.UInt
                    select (Zones: zones, Vpc: new Ipv4Cidr((range.Network | (bits & ~range.Mask)) & new Ipv4Cidr(0, prefix).Mask, prefix));

        valid.Sample(input =>
        {
            var layout = SubnetLayout.For(input.Vpc, "us-east-1", input.Zones);
            var subnets = layout.SelectMany(z => new[] { z.Public, z.Private }).ToList();
            Assert.Equal(input.Zones, layout.Count);
            Assert.Equal(input.Zones, layout.Select(z => z.Zone).Distinct().Count());
            Assert.All(subnets, s => Assert.True(input.Vpc.Contains(s), $"{s} is outside {input.Vpc}"));
            Assert.All(subnets, s => Assert.InRange(s.PrefixLength, input.Vpc.PrefixLength + 1, SubnetLayout.SmallestPrefix));
            for (var i = 0; i < subnets.Count; i++)
            {
                for (var j = i + 1; j < subnets.Count; j++)
                {
                    Assert.False(subnets[i].Overlaps(subnets[j]), $"{subnets[i]} overlaps {subnets[j]} in {input.Vpc} with {input.Zones} zones");
                }
            }
        }, seed: new PCG(10, 20261206).ToString(), iter: 2_000, threads: 1, print: input => $"{input.Vpc} × {input.Zones} zones");
    }
}
