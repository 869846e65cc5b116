namespace Piksel.Platform.Aws.Iam;

/// <summary>CreatePolicy's parameters.</summary>
public sealed record CreatePolicyRequest
{
    public required string PolicyName { get; init; }
    public required string PolicyDocument { get; init; }
    public string? Path { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<IamTag> Tags { get; init; } = [];
}
