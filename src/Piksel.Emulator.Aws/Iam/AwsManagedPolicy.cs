namespace Piksel.Emulator.Aws.Iam;

/// <summary>An AWS managed policy: a fixed document under <c>arn:aws:iam::aws:policy/…</c>.</summary>
public sealed record AwsManagedPolicy(string Name, string Path, string Document, string PolicyId, string VersionId)
{
    /// <summary>The policy's ARN, <c>arn:aws:iam::aws:policy&lt;path&gt;&lt;name&gt;</c>.</summary>
    public string Arn => $"arn:aws:iam::aws:policy{Path}{Name}";

    /// <summary>The policy's description as AWS publishes it.</summary>
    public string? Description { get; init; }

    /// <summary>When AWS created the policy.</summary>
    public DateTimeOffset CreateDate { get; init; }

    /// <summary>When AWS published the default version.</summary>
    public DateTimeOffset UpdateDate { get; init; }
}
