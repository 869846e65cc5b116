namespace Piksel.Platform.Aws.Iam;

/// <summary>An IAM role. Policy documents are URL-decoded JSON.</summary>
public sealed record Role
{
    public required string RoleName { get; init; }
    public required string RoleId { get; init; }
    public required string Arn { get; init; }
    public string Path { get; init; } = "/";
    public DateTimeOffset CreateDate { get; init; }
    public required string AssumeRolePolicyDocument { get; init; }
    public string? Description { get; init; }
    /// <summary>Seconds; 3600..43200.</summary>
    public int MaxSessionDuration { get; init; } = 3600;
    public string? PermissionsBoundaryArn { get; init; }
    /// <summary>Only GetRole and CreateRole answer tags; ListRoles leaves them out.</summary>
    public IReadOnlyList<IamTag> Tags { get; init; } = [];
}
