using System.Net;
using k8s.Models;

namespace Piksel.Platform.Kubernetes.NetworkPolicies;

/// <summary>An <c>ipBlock</c> peer: the address is inside <c>cidr</c> and inside none of its <c>except</c> blocks (IPv4 or IPv6).</summary>
public static class IpBlockMatcher
{
    /// <summary>Whether <paramref name="address"/> is in <paramref name="block"/>; a CIDR that does not parse matches nothing.</summary>
    public static bool Matches(V1IPBlock block, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(address);
        return Contains(block.Cidr, address) && !(block.Except ?? []).Any(e => Contains(e, address));
    }

    // Compared bit by bit rather than through IPNetwork, which refuses a CIDR with host bits set (10.0.0.1/16) that the
    // API server accepts (Go's net.ParseCIDR masks them).
    private static bool Contains(string? cidr, IPAddress address)
    {
        var slash = cidr?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash < 0 || !IPAddress.TryParse(cidr.AsSpan(0, slash), out var network)
            || !int.TryParse(cidr.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6 && network.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            address = address.MapToIPv4();
        }

        var a = network.GetAddressBytes();
        var b = address.GetAddressBytes();
        if (a.Length != b.Length || prefix > a.Length * 8)
        {
            return false;
        }

        for (var bit = 0; bit < prefix; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
