namespace Piksel.Platform.Aws.Iam;

/// <summary>An IAM user (for the root user GetUser answers only <see cref="UserId"/> and <see cref="Arn"/>).</summary>
public sealed record User
{
    public string UserName { get; init; } = "";
    public required string UserId { get; init; }
    public required string Arn { get; init; }
    public string Path { get; init; } = "/";
    public DateTimeOffset CreateDate { get; init; }
    public string? PermissionsBoundaryArn { get; init; }
    public IReadOnlyList<IamTag> Tags { get; init; } = [];
}
