namespace Piksel.Platform.Aws.Iam;

/// <summary>A managed policy, AWS or customer managed.</summary>
public sealed record ManagedPolicy
{
    public required string PolicyName { get; init; }
    public required string PolicyId { get; init; }
    public required string Arn { get; init; }
    public string Path { get; init; } = "/";
    public required string DefaultVersionId { get; init; }
    public int AttachmentCount { get; init; }
    public int PermissionsBoundaryUsageCount { get; init; }
    public bool IsAttachable { get; init; } = true;
    /// <summary>GetPolicy answers it; ListPolicies does not.</summary>
    public string? Description { get; init; }
    public DateTimeOffset CreateDate { get; init; }
    public DateTimeOffset UpdateDate { get; init; }
    public IReadOnlyList<IamTag> Tags { get; init; } = [];
}
