namespace Piksel.Platform.Aws.Iam;

/// <summary>CreateUser's parameters.</summary>
public sealed record CreateUserRequest
{
    public required string UserName { get; init; }
    public string? Path { get; init; }
    public string? PermissionsBoundary { get; init; }
    public IReadOnlyList<IamTag> Tags { get; init; } = [];
}
