using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Piksel.Platform.Settings;

/// <summary>An IPv4 network in CIDR notation, e.g. <c>10.0.0.0/16</c>.</summary>
public readonly record struct Ipv4Cidr(uint Network, int PrefixLength)
{
    /// <summary>The private ranges of RFC 1918.</summary>
    public static IReadOnlyList<Ipv4Cidr> PrivateRanges { get; } = [Parse("10.0.0.0/8"), Parse("172.16.0.0/12"), Parse("192.168.0.0/16")];

    /// <summary>The netmask.</summary>
    public uint Mask => PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);

    /// <summary>Parses <paramref name="text"/>; the reason in <paramref name="error"/> when it is no CIDR or has host bits set.</summary>
    public static bool TryParse(string text, out Ipv4Cidr cidr, out string? error)
    {
        cidr = default;
        error = null;
        var parts = text.Split('/');
        if (parts.Length != 2
            || !IPAddress.TryParse(parts[0], out var address)
            || address.AddressFamily != AddressFamily.InterNetwork
            || parts[0].Count(c => c == '.') != 3
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix > 32)
        {
            error = "is not an IPv4 CIDR block such as 10.0.0.0/16";
            return false;
        }

        var bytes = address.GetAddressBytes();
        var value = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
        var candidate = new Ipv4Cidr(value, prefix);
        if ((value & ~candidate.Mask) != 0)
        {
            error = $"has host bits set: the network is {new Ipv4Cidr(value & candidate.Mask, prefix)}";
            return false;
        }

        cidr = candidate;
        return true;
    }

    /// <summary>Parses a CIDR known to be valid.</summary>
    public static Ipv4Cidr Parse(string text) =>
        TryParse(text, out var cidr, out var error) ? cidr : throw new FormatException($"'{text}' {error}.");

    /// <summary>True when the two networks share an address.</summary>
    public bool Overlaps(Ipv4Cidr other)
    {
        var mask = PrefixLength < other.PrefixLength ? Mask : other.Mask;
        return (Network & mask) == (other.Network & mask);
    }

    /// <summary>True when <paramref name="other"/> lies wholly inside this network.</summary>
    public bool Contains(Ipv4Cidr other) => other.PrefixLength >= PrefixLength && (other.Network & Mask) == Network;

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Network >> 24}.{(Network >> 16) & 255}.{(Network >> 8) & 255}.{Network & 255}/{PrefixLength}");
}
