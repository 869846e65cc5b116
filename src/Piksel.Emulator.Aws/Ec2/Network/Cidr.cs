using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>An IPv4 CIDR block: its first address (host bits cleared, as EC2 canonicalises it) and prefix length.</summary>
internal readonly record struct Cidr(uint Network, int Prefix)
{
    /// <summary>Parses <c>a.b.c.d/p</c>; null when it is not an IPv4 CIDR block.</summary>
    public static Cidr? Parse(string? text)
    {
        if (text is null || text.Length > 18) return null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 7) return null;
        if (!IPAddress.TryParse(text[..slash], out var address) || address.AddressFamily != AddressFamily.InterNetwork) return null;
        if (text[..slash].Count(c => c == '.') != 3) return null;
        if (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32) return null;
        var bytes = address.GetAddressBytes();
        var value = (uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3];
        return new Cidr(value & Mask(prefix), prefix);
    }

    /// <summary>How many addresses the block holds.</summary>
    public long Size => 1L << (32 - Prefix);

    /// <summary>True when <paramref name="inner"/> lies wholly inside this block.</summary>
    public bool Contains(Cidr inner) => inner.Prefix >= Prefix && (inner.Network & Mask(Prefix)) == Network;

    /// <summary>True when the two blocks share any address.</summary>
    public bool Overlaps(Cidr other) => Contains(other) || other.Contains(this);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Network >> 24}.{(Network >> 16) & 255}.{(Network >> 8) & 255}.{Network & 255}/{Prefix.ToString(CultureInfo.InvariantCulture)}";

    private static uint Mask(int prefix) => prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
}
