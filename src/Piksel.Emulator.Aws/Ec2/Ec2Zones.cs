namespace Piksel.Emulator.Aws.Ec2;

/// <summary>A region's availability zones as EC2 names them: <c>us-east-1a</c> with zone id <c>use1-az1</c>.</summary>
internal static class Ec2Zones
{
    /// <summary><c>use1</c> for us-east-1, <c>apse2</c> for ap-southeast-2: the prefix of the region's zone ids.</summary>
    public static string ZoneIdPrefix(string region)
    {
        var parts = region.Split('-');
        if (parts.Length < 3) return region.Replace("-", "", StringComparison.Ordinal);
        var direction = parts[^2] switch
        {
            "northeast" => "ne",
            "northwest" => "nw",
            "southeast" => "se",
            "southwest" => "sw",
            var word => word[..1],
        };
        return string.Concat(parts[..^2]) + direction + parts[^1];
    }

    /// <summary>The region's three zones, <c>&lt;region&gt;a</c> to <c>&lt;region&gt;c</c>.</summary>
    public static IReadOnlyList<(string Name, string Id)> Of(string region) =>
        [.. "abc".Select((letter, i) => ($"{region}{letter}", $"{ZoneIdPrefix(region)}-az{i + 1}"))];

    /// <summary>The name of the zone <paramref name="zoneId"/> names in <paramref name="region"/>; null when no id is given.</summary>
    public static string? NameOf(string region, string? zoneId) =>
        zoneId is null ? null
        : Of(region).FirstOrDefault(z => z.Id == zoneId).Name
            ?? throw Ec2Errors.InvalidParameterValue($"Invalid availability zone ID: [{zoneId}]");
}
