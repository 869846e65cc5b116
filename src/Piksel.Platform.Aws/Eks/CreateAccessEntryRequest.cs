namespace Piksel.Platform.Aws.Eks;

/// <summary>CreateAccessEntry's input.</summary>
public sealed record CreateAccessEntryRequest
{
    public required string ClusterName { get; init; }
    /// <summary>An IAM role or user ARN (not a session).</summary>
    public required string PrincipalArn { get; init; }
    /// <summary>Group names for RBAC bindings; none may start with <c>system:</c>.</summary>
    public IReadOnlyList<string> KubernetesGroups { get; init; } = [];
    /// <summary>Null lets EKS choose (a role's session ARN with <c>{{SessionName}}</c>, a user's ARN).</summary>
    public string? Username { get; init; }
    /// <summary>STANDARD (default), EC2_LINUX, EC2_WINDOWS, FARGATE_LINUX…</summary>
    public string? Type { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
