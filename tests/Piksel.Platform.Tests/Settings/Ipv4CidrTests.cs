using Piksel.Platform.Settings;

namespace Piksel.Platform.Tests.Settings;

public sealed class Ipv4CidrTests
{
    [Theory]
    [InlineData("10.0.0.0/16", "10.0.255.0/24", true)]
    [InlineData("10.0.0.0/16", "10.1.0.0/16", false)]
    [InlineData("10.0.0.0/8", "10.200.0.0/16", true)]
    [InlineData("172.16.0.0/12", "172.32.0.0/16", false)]
    public void Overlap_is_symmetric_and_exact(string a, string b, bool overlaps)
    {
        Assert.Equal(overlaps, Ipv4Cidr.Parse(a).Overlaps(Ipv4Cidr.Parse(b)));
        Assert.Equal(overlaps, Ipv4Cidr.Parse(b).Overlaps(Ipv4Cidr.Parse(a)));
    }

    [Fact]
    public void Round_trips_through_text()
    {
        Assert.Equal("192.168.10.0/24", Ipv4Cidr.Parse("192.168.10.0/24").ToString());
    }

    [Theory]
    [InlineData("10.0.0.0/-1")]
    [InlineData("::1/64")]
    [InlineData("10.0.0/16")]
    [InlineData("10.0.0.1/16")]
    public void Refuses_what_is_not_a_network(string text)
    {
        Assert.False(Ipv4Cidr.TryParse(text, out _, out var error));
        Assert.NotNull(error);
    }
}
