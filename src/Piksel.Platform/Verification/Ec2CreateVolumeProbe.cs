namespace Piksel.Platform.Verification;

/// <summary>
/// <c>ec2:CreateVolume</c> of a 1 GiB volume with <paramref name="Tags"/> (deleted again at once when it is made).
/// </summary>
public sealed record Ec2CreateVolumeProbe(IReadOnlyDictionary<string, string> Tags) : AccessProbe
{
    public override string Action => "ec2:CreateVolume";

    public override string Target => Tags.Count == 0 ? "volume without tags" : $"volume tagged {string.Join(", ", Tags.Select(t => $"{t.Key}={t.Value}"))}";
}
