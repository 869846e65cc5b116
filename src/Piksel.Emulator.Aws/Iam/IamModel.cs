namespace Piksel.Emulator.Aws.Iam;

/// <summary>A tag as IAM keeps it.</summary>
public sealed record Tag(string Key, string Value);

/// <summary>An IAM role.</summary>
public sealed record RoleRecord
{
    public required string AccountId { get; init; }
    public required string RoleName { get; init; }
    /// <summary>AROA… unique id.</summary>
    public required string RoleId { get; init; }
    public string Path { get; init; } = "/";
    public required string Arn { get; init; }
    /// <summary>The trust policy, as the JSON text it was given in.</summary>
    public required string AssumeRolePolicyDocument { get; init; }
    public string? Description { get; init; }
    /// <summary>Seconds, 3600..43200; default 3600.</summary>
    public int MaxSessionDuration { get; init; } = 3600;
    public string? PermissionsBoundaryArn { get; init; }
    public IReadOnlyList<Tag> Tags { get; init; } = [];
    public required DateTimeOffset CreateDate { get; init; }
    /// <summary>Inline policies by name (JSON text).</summary>
    public IReadOnlyDictionary<string, string> InlinePolicies { get; init; } = new Dictionary<string, string>();
    /// <summary>ARNs of attached managed policies, in attach order.</summary>
    public IReadOnlyList<string> AttachedPolicyArns { get; init; } = [];
}

/// <summary>An IAM user.</summary>
public sealed record UserRecord
{
    public required string AccountId { get; init; }
    public required string UserName { get; init; }
    /// <summary>AIDA… unique id.</summary>
    public required string UserId { get; init; }
    public string Path { get; init; } = "/";
    public required string Arn { get; init; }
    public string? PermissionsBoundaryArn { get; init; }
    public IReadOnlyList<Tag> Tags { get; init; } = [];
    public required DateTimeOffset CreateDate { get; init; }
    public IReadOnlyDictionary<string, string> InlinePolicies { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> AttachedPolicyArns { get; init; } = [];
}

/// <summary>One version of a managed policy.</summary>
public sealed record PolicyVersionRecord(string VersionId, string Document, bool IsDefaultVersion, DateTimeOffset CreateDate);

/// <summary>A customer managed policy (AWS managed ones come from <see cref="AwsManagedPolicies"/>).</summary>
public sealed record ManagedPolicyRecord
{
    public required string AccountId { get; init; }
    public required string PolicyName { get; init; }
    /// <summary>ANPA… unique id.</summary>
    public required string PolicyId { get; init; }
    public string Path { get; init; } = "/";
    public required string Arn { get; init; }
    public string? Description { get; init; }
    public required string DefaultVersionId { get; init; }
    public required IReadOnlyList<PolicyVersionRecord> Versions { get; init; }
    public IReadOnlyList<Tag> Tags { get; init; } = [];
    public required DateTimeOffset CreateDate { get; init; }
    public DateTimeOffset UpdateDate { get; init; }
    /// <summary>Next number for "v&lt;n&gt;" version ids (ids are never reused).</summary>
    public int NextVersion { get; init; } = 2;

    /// <summary>The document of the default version.</summary>
    public string DefaultDocument => Versions.First(v => v.VersionId == DefaultVersionId).Document;
}

/// <summary>An IAM OpenID Connect identity provider.</summary>
public sealed record OidcProviderRecord
{
    public required string AccountId { get; init; }
    /// <summary><c>arn:aws:iam::A:oidc-provider/&lt;url without https://&gt;</c>.</summary>
    public required string Arn { get; init; }
    /// <summary>The issuer URL as given (https://...).</summary>
    public required string Url { get; init; }
    public IReadOnlyList<string> ClientIds { get; init; } = [];
    public IReadOnlyList<string> Thumbprints { get; init; } = [];
    public IReadOnlyList<Tag> Tags { get; init; } = [];
    public required DateTimeOffset CreateDate { get; init; }
}

/// <summary>An IAM user's access key.</summary>
public sealed record AccessKeyRecord
{
    public required string AccountId { get; init; }
    public required string UserName { get; init; }
    /// <summary>AKIA… id.</summary>
    public required string AccessKeyId { get; init; }
    /// <summary>The secret key; sealed under the master key on disk.</summary>
    [State.Sealed]
    public required string SecretAccessKey { get; init; }
    /// <summary>Active or Inactive.</summary>
    public string Status { get; init; } = "Active";
    public required DateTimeOffset CreateDate { get; init; }
}
