namespace Piksel.Platform.Aws.Eks;

/// <summary>CreateCluster's input. Defaults are EKS's: version 1.33 here, CONFIG_MAP authentication, the creator as admin.</summary>
public sealed record CreateClusterRequest
{
    /// <summary>1–100 letters, digits, hyphens and underscores, starting with a letter or digit.</summary>
    public required string Name { get; init; }
    /// <summary>The cluster's IAM role (trusting eks.amazonaws.com); the caller needs iam:PassRole on it.</summary>
    public required string RoleArn { get; init; }
    /// <summary>Kubernetes major.minor; null takes the service default.</summary>
    public string? Version { get; init; }
    public IReadOnlyList<string> SubnetIds { get; init; } = [];
    public IReadOnlyList<string> SecurityGroupIds { get; init; } = [];
    /// <summary>Default true.</summary>
    public bool? EndpointPublicAccess { get; init; }
    /// <summary>Default false.</summary>
    public bool? EndpointPrivateAccess { get; init; }
    public IReadOnlyList<string>? PublicAccessCidrs { get; init; }
    /// <summary>Default 10.100.0.0/16.</summary>
    public string? ServiceIpv4Cidr { get; init; }
    /// <summary>API, API_AND_CONFIG_MAP or CONFIG_MAP; null takes EKS's default (CONFIG_MAP).</summary>
    public string? AuthenticationMode { get; init; }
    /// <summary>Whether the creator gets an admin access entry; null takes EKS's default (true).</summary>
    public bool? BootstrapClusterCreatorAdminPermissions { get; init; }
    /// <summary>KMS key for envelope encryption of Secrets; null for none.</summary>
    public string? SecretsEncryptionKeyArn { get; init; }
    /// <summary>Control-plane log types to enable (api, audit, authenticator, controllerManager, scheduler).</summary>
    public IReadOnlyList<string> EnabledLogTypes { get; init; } = [];
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    /// <summary>Makes retries idempotent.</summary>
    public string? ClientRequestToken { get; init; }
}

/// <summary>A cluster as DescribeCluster reports it.</summary>
public sealed record EksCluster
{
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public required string Version { get; init; }
    public required string RoleArn { get; init; }
    /// <summary>CREATING, ACTIVE, DELETING, FAILED, UPDATING or PENDING.</summary>
    public required string Status { get; init; }
    /// <summary>The API server's URL; null until ACTIVE.</summary>
    public Uri? Endpoint { get; init; }
    /// <summary>Base64 of the cluster CA's PEM; null until ACTIVE.</summary>
    public string? CertificateAuthorityData { get; init; }
    /// <summary>The service-account token issuer (<c>https://oidc.eks.&lt;region&gt;.amazonaws.com/id/&lt;ID&gt;</c>).</summary>
    public string? OidcIssuer { get; init; }
    public string? PlatformVersion { get; init; }
    public string? AuthenticationMode { get; init; }
    public bool BootstrapClusterCreatorAdminPermissions { get; init; }
    public IReadOnlyList<string> SubnetIds { get; init; } = [];
    public IReadOnlyList<string> SecurityGroupIds { get; init; } = [];
    public string? ClusterSecurityGroupId { get; init; }
    public string? VpcId { get; init; }
    public bool EndpointPublicAccess { get; init; }
    public bool EndpointPrivateAccess { get; init; }
    public string? ServiceIpv4Cidr { get; init; }
    public string? SecretsEncryptionKeyArn { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The CA certificate's PEM, decoded from <see cref="CertificateAuthorityData"/>.</summary>
    public string? CertificateAuthorityPem =>
        CertificateAuthorityData is { } data ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(data)) : null;
}

/// <summary>One page of names and the token for the next page (null on the last).</summary>
public sealed record EksPage(IReadOnlyList<string> Items, string? NextToken);

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

/// <summary>An access entry.</summary>
public sealed record EksAccessEntry
{
    public required string ClusterName { get; init; }
    public required string PrincipalArn { get; init; }
    public required string AccessEntryArn { get; init; }
    public IReadOnlyList<string> KubernetesGroups { get; init; } = [];
    public required string Username { get; init; }
    public required string Type { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ModifiedAt { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}

/// <summary>Where an access policy applies: the whole cluster or some namespaces.</summary>
public sealed record EksAccessScope(string Type, IReadOnlyList<string> Namespaces)
{
    /// <summary>The whole cluster.</summary>
    public static EksAccessScope Cluster { get; } = new("cluster", []);

    /// <summary>Only <paramref name="namespaces"/>.</summary>
    public static EksAccessScope InNamespaces(params string[] namespaces) => new("namespace", namespaces);
}

/// <summary>An access policy associated with an access entry.</summary>
public sealed record EksAssociatedAccessPolicy(string PolicyArn, EksAccessScope Scope, DateTimeOffset AssociatedAt, DateTimeOffset ModifiedAt);

/// <summary>The access policies EKS offers.</summary>
public static class EksAccessPolicyArns
{
    public const string ClusterAdmin = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
    public const string Admin = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy";
    public const string Edit = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy";
    public const string View = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy";
}
