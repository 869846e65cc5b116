namespace Piksel.Platform.Spec.Aws;

/// <summary>
/// An EKS cluster. Outputs: <c>arn</c>, <c>endpoint</c>, <c>certificateAuthority</c> (base64 PEM),
/// <c>oidcIssuer</c> (the issuer URL), <c>clusterSecurityGroupId</c> (the group EKS makes for the control plane and nodes).
/// </summary>
public sealed record EksCluster : AwsResource
{
    /// <summary>The API server URL output.</summary>
    public const string EndpointOutput = "endpoint";

    /// <summary>The cluster CA output (base64 PEM, as DescribeCluster returns it).</summary>
    public const string CertificateAuthorityOutput = "certificateAuthority";

    /// <summary>The OIDC issuer URL output.</summary>
    public const string OidcIssuerOutput = "oidcIssuer";

    /// <summary>The output of the security group EKS creates for the cluster (DescribeCluster's <c>resourcesVpcConfig.clusterSecurityGroupId</c>).</summary>
    public const string ClusterSecurityGroupIdOutput = "clusterSecurityGroupId";

    /// <summary>Kubernetes version; upgraded in place. No default here: the settings carry it (1.33).</summary>
    public required string Version { get; init; }

    /// <summary>The cluster service role ARN; fixed at creation.</summary>
    [ForceNew]
    public required string RoleArn { get; init; }

    /// <summary>KMS key ARN that envelope-encrypts Kubernetes Secrets; fixed once set. Default: none.</summary>
    [ForceNew]
    public string? SecretsEncryptionKeyArn { get; init; }

    /// <summary>Subnets of the control plane's network interfaces. Default: none (the network slice fills them).</summary>
    [ForceNew]
    public IReadOnlyList<string> SubnetIds { get; init; } = [];

    /// <summary>Public API endpoint. Default: true.</summary>
    public bool EndpointPublicAccess { get; init; } = true;

    /// <summary>Private API endpoint inside the VPC. Default: true.</summary>
    public bool EndpointPrivateAccess { get; init; } = true;

    /// <summary>Control-plane log types. Default: none.</summary>
    public IReadOnlyList<string> LogTypes { get; init; } = [];

    /// <summary>How principals authenticate: <c>API</c> means access entries only. Default: <c>API</c>.</summary>
    public string AuthenticationMode { get; init; } = "API";

    /// <summary>The issuer URL, known once the cluster exists.</summary>
    [NotAttribute]
    public OutputRef OidcIssuer => Output(OidcIssuerOutput);
}
