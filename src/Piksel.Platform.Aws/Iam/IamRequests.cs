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

/// <summary>CreatePolicy's parameters.</summary>
public sealed record CreatePolicyRequest
{
    public required string PolicyName { get; init; }
    public required string PolicyDocument { get; init; }
    public string? Path { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<IamTag> Tags { get; init; } = [];
}

/// <summary>CreateUser's parameters.</summary>
public sealed record CreateUserRequest
{
    public required string UserName { get; init; }
    public string? Path { get; init; }
    public string? PermissionsBoundary { get; init; }
    public IReadOnlyList<IamTag> Tags { get; init; } = [];
}

/// <summary>CreateOpenIDConnectProvider's parameters.</summary>
public sealed record CreateOpenIdConnectProviderRequest
{
    /// <summary>The issuer: <c>https://</c>, no port, case-sensitive.</summary>
    public required string Url { get; init; }
    /// <summary>Audiences (up to 100).</summary>
    public IReadOnlyList<string> ClientIds { get; init; } = [];
    /// <summary>Optional SHA-1 hex thumbprints (up to 5).</summary>
    public IReadOnlyList<string> Thumbprints { get; init; } = [];
    public IReadOnlyList<IamTag> Tags { get; init; } = [];
}

/// <summary>ListPolicies' filters and paging.</summary>
public sealed record ListPoliciesRequest
{
    /// <summary><c>All</c> (default), <c>AWS</c> or <c>Local</c>.</summary>
    public string? Scope { get; init; }
    public bool? OnlyAttached { get; init; }
    public string? PathPrefix { get; init; }
    public string? Marker { get; init; }
    /// <summary>1..1000; default (null) 100.</summary>
    public int? MaxItems { get; init; }
}
