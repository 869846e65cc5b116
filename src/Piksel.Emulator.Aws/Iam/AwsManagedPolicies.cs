namespace Piksel.Emulator.Aws.Iam;

/// <summary>An AWS managed policy: a fixed document under <c>arn:aws:iam::aws:policy/…</c>.</summary>
public sealed record AwsManagedPolicy(string Name, string Path, string Document, string PolicyId, string VersionId)
{
    public string Arn => $"arn:aws:iam::aws:policy{Path}{Name}";

    /// <summary>The policy's description as AWS publishes it.</summary>
    public string? Description { get; init; }

    /// <summary>When AWS created the policy.</summary>
    public DateTimeOffset CreateDate { get; init; }

    /// <summary>When AWS published the default version.</summary>
    public DateTimeOffset UpdateDate { get; init; }
}

/// <summary>The AWS managed policies the emulator knows, with their real statements.</summary>
public static partial class AwsManagedPolicies
{
    /// <summary>All known policies by ARN.</summary>
    public static IReadOnlyDictionary<string, AwsManagedPolicy> All { get; } = Load().ToDictionary(p => p.Arn, StringComparer.Ordinal);

    /// <summary>The policy with that ARN, or null.</summary>
    public static AwsManagedPolicy? Find(string arn) => All.TryGetValue(arn, out var p) ? p : null;

    private static partial IEnumerable<AwsManagedPolicy> Load();
}
