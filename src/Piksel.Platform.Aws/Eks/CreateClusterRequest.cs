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
