using System.Net;
using System.Net.Sockets;

namespace Piksel.Emulator.Aws.Eks.SystemLayer.Fargate;

/// <summary>Picks a free private address in a subnet, skipping what AWS reserves (network, +1 router, +2 DNS, +3, broadcast).</summary>
public static class SubnetAddresses
{
    /// <summary>The lowest free address of <paramref name="cidr"/> not in <paramref name="used"/>, or null when the subnet is full or not an IPv4 CIDR.</summary>
    public static string? Next(string cidr, IReadOnlySet<string> used)
    {
        var parts = cidr.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var network) || network.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(parts[1], out var prefix) || prefix is < 16 or > 28)
        {
            return null;
        }
        var bytes = network.GetAddressBytes();
        var mask = uint.MaxValue << (32 - prefix);
        var start = ((uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3]) & mask;
        var size = 1u << (32 - prefix);
        for (var offset = 4u; offset < size - 1; offset++)
        {
            var n = start + offset;
            var address = $"{n >> 24}.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}";
            if (!used.Contains(address)) return address;
        }
        return null;
    }
}
