namespace Piksel.Platform.Aws.Iam;

/// <summary>A tag on an IAM entity.</summary>
public sealed record IamTag(string Key, string Value);

/// <summary>One page of a List* answer; <see cref="Marker"/> is set when more pages follow.</summary>
public sealed record IamPage<T>(IReadOnlyList<T> Items, string? Marker)
{
    /// <summary>True when another page follows (pass <see cref="Marker"/> to get it).</summary>
    public bool IsTruncated => Marker is not null;
}

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

/// <summary>A managed policy version; <see cref="Document"/> only from GetPolicyVersion (URL-decoded JSON).</summary>
public sealed record PolicyVersion(string VersionId, bool IsDefaultVersion, DateTimeOffset CreateDate, string? Document = null);

/// <summary>A managed policy attached to a role or user.</summary>
public sealed record AttachedPolicy(string PolicyName, string PolicyArn);

/// <summary>A new access key: the only time IAM reveals <see cref="SecretAccessKey"/>.</summary>
public sealed record AccessKey(string UserName, string AccessKeyId, string SecretAccessKey, string Status, DateTimeOffset CreateDate)
{
    /// <summary>Keeps the secret out of logs.</summary>
    public override string ToString() => $"AccessKey {{ UserName = {UserName}, AccessKeyId = {AccessKeyId}, Status = {Status} }}";
}

/// <summary>An access key without its secret, as ListAccessKeys answers it.</summary>
public sealed record AccessKeyMetadata(string UserName, string AccessKeyId, string Status, DateTimeOffset CreateDate);

/// <summary>An IAM OpenID Connect provider. <see cref="Url"/> is as IAM answers it: without <c>https://</c>.</summary>
public sealed record OpenIdConnectProvider
{
    public required string Arn { get; init; }
    public required string Url { get; init; }
    public IReadOnlyList<string> ClientIds { get; init; } = [];
    public IReadOnlyList<string> Thumbprints { get; init; } = [];
    public DateTimeOffset CreateDate { get; init; }
    public IReadOnlyList<IamTag> Tags { get; init; } = [];
}

/// <summary>The roles, users and groups a managed policy is attached to (name, unique id).</summary>
public sealed record PolicyEntities(
    IReadOnlyList<(string Name, string Id)> Roles,
    IReadOnlyList<(string Name, string Id)> Users,
    IReadOnlyList<(string Name, string Id)> Groups);
