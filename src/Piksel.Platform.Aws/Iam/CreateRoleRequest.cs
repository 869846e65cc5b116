namespace Piksel.Platform.Aws.Iam;

/// <summary>CreateRole's parameters.</summary>
public sealed record CreateRoleRequest
{
    /// <summary>1..64 characters of <c>[\w+=,.@-]</c>; unique in the account, case-insensitively.</summary>
    public required string RoleName { get; init; }
    /// <summary>The trust policy (JSON).</summary>
    public required string AssumeRolePolicyDocument { get; init; }
    /// <summary>Default <c>/</c>; otherwise <c>/…/</c>.</summary>
    public string? Path { get; init; }
    public string? Description { get; init; }
    /// <summary>Seconds, 3600..43200; default (null) 3600.</summary>
    public int? MaxSessionDuration { get; init; }
    /// <summary>ARN of a managed policy used as the permissions boundary.</summary>
    public string? PermissionsBoundary { get; init; }
    public IReadOnlyList<IamTag> Tags { get; init; } = [];
}
