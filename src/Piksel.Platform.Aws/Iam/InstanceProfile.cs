namespace Piksel.Platform.Aws.Iam;

/// <summary>An IAM instance profile and the names of the roles it holds (at most one).</summary>
public sealed record InstanceProfile
{
    public required string InstanceProfileName { get; init; }
    public required string InstanceProfileId { get; init; }
    public required string Arn { get; init; }
    public string Path { get; init; } = "/";
    public IReadOnlyList<string> RoleNames { get; init; } = [];
    public IReadOnlyList<IamTag> Tags { get; init; } = [];
}
