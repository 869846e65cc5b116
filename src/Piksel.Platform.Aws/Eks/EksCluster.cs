namespace Piksel.Platform.Aws.Eks;

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
