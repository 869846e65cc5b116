namespace Piksel.Emulator.Aws.Iam;

/// <summary>An instance profile: the container EC2 hands an instance's role through (at most one role).</summary>
public sealed record InstanceProfileRecord
{
    public required string AccountId { get; init; }
    public required string InstanceProfileName { get; init; }
    /// <summary>AIPA… unique id.</summary>
    public required string InstanceProfileId { get; init; }
    public string Path { get; init; } = "/";
    public required string Arn { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
    /// <summary>Names of its roles (IAM allows one).</summary>
    public IReadOnlyList<string> RoleNames { get; init; } = [];
    public IReadOnlyList<Tag> Tags { get; init; } = [];
}
