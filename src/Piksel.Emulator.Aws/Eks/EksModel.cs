namespace Piksel.Emulator.Aws.Eks;

/// <summary>Cluster states as EKS reports them.</summary>
public static class EksClusterStatus
{
    public const string Creating = "CREATING";
    public const string Active = "ACTIVE";
    public const string Deleting = "DELETING";
    public const string Failed = "FAILED";
}

/// <summary>An EKS cluster: what CreateCluster was given, where its API server listens and how callers are authenticated.</summary>
public sealed record EksClusterRecord
{
    public required string AccountId { get; init; }
    public required string Region { get; init; }
    public required string Name { get; init; }
    /// <summary>A fresh id per creation, so a cluster re-created under the same name never meets its predecessor's data.</summary>
    public required string Uid { get; init; }
    public required string Arn { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Kubernetes major.minor, e.g. 1.33.</summary>
    public required string Version { get; init; }
    public required string RoleArn { get; init; }
    public required string Status { get; init; }
    /// <summary><c>https://oidc.eks.&lt;region&gt;.amazonaws.com/id/&lt;32 hex&gt;</c>.</summary>
    public required string Issuer { get; init; }
    /// <summary>The API server's port once it has run (reused at restart when free); 0 before.</summary>
    public int Port { get; init; }
    /// <summary>Base64 of the cluster CA's PEM (certificateAuthority.data), once the API server has run.</summary>
    public string? CertificateAuthorityData { get; init; }
    /// <summary>resourcesVpcConfig as answered (JSON text).</summary>
    public required string VpcConfig { get; init; }
    /// <summary>kubernetesNetworkConfig as answered (JSON text).</summary>
    public required string NetworkConfig { get; init; }
    /// <summary>logging as answered (JSON text).</summary>
    public required string Logging { get; init; }
    /// <summary>encryptionConfig as given (JSON text), null when none.</summary>
    public string? EncryptionConfig { get; init; }
    /// <summary>API, API_AND_CONFIG_MAP or CONFIG_MAP.</summary>
    public required string AuthenticationMode { get; init; }
    public bool BootstrapClusterCreatorAdminPermissions { get; init; } = true;
    /// <summary>The IAM identity that created the cluster (role ARN for role sessions): admin in CONFIG_MAP mode.</summary>
    public required string CreatorArn { get; init; }
    public string? ClientRequestToken { get; init; }
    /// <summary>STANDARD or EXTENDED.</summary>
    public string SupportType { get; init; } = "EXTENDED";
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}

/// <summary>An access entry: an IAM principal allowed into a cluster, as which Kubernetes user and groups, with which access policies.</summary>
public sealed record EksAccessEntryRecord
{
    public required string AccountId { get; init; }
    public required string Region { get; init; }
    public required string ClusterName { get; init; }
    /// <summary>The cluster's <see cref="EksClusterRecord.Uid"/>: entries die with their cluster.</summary>
    public required string ClusterUid { get; init; }
    public required string PrincipalArn { get; init; }
    public required string AccessEntryArn { get; init; }
    public IReadOnlyList<string> KubernetesGroups { get; init; } = [];
    /// <summary>May hold <c>{{SessionName}}</c>, <c>{{SessionNameRaw}}</c>, <c>{{AccountID}}</c>.</summary>
    public required string Username { get; init; }
    /// <summary>STANDARD (the only kind that takes access policies), EC2_LINUX, FARGATE_LINUX…</summary>
    public string Type { get; init; } = "STANDARD";
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ModifiedAt { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<EksAssociatedPolicy> Policies { get; init; } = [];
}

/// <summary>An access policy associated with an access entry, cluster-wide or for some namespaces.</summary>
public sealed record EksAssociatedPolicy
{
    public required string PolicyArn { get; init; }
    /// <summary><c>cluster</c> or <c>namespace</c>.</summary>
    public required string ScopeType { get; init; }
    public IReadOnlyList<string> Namespaces { get; init; } = [];
    public required DateTimeOffset AssociatedAt { get; init; }
    public required DateTimeOffset ModifiedAt { get; init; }
}
