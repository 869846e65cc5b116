namespace Piksel.Platform.Spec.Aws;

/// <summary>
/// An IAM OpenID Connect provider. Its URL is usually a reference to a cluster's issuer, known only once the cluster
/// exists. Outputs: <c>arn</c>, <c>issuerHost</c> (the URL without <c>https://</c>, the prefix of IRSA condition keys).
/// </summary>
public sealed record IamOidcProvider : AwsResource
{
    /// <summary>The issuer host output.</summary>
    public const string IssuerHostOutput = "issuerHost";

    /// <summary>The issuer URL (<c>https://…</c>), literal or a token; the provider's identity, so a change replaces it.</summary>
    [ForceNew]
    public required string Url { get; init; }

    /// <summary>Audiences (client ids). Default: <c>sts.amazonaws.com</c>.</summary>
    public IReadOnlyList<string> ClientIds { get; init; } = ["sts.amazonaws.com"];

    /// <summary>Certificate thumbprints. Default: none (IAM trusts the issuer's CA chain for well-known hosts).</summary>
    public IReadOnlyList<string> Thumbprints { get; init; } = [];

    /// <summary>The issuer host, known once the provider exists.</summary>
    [NotAttribute]
    public OutputRef IssuerHost => Output(IssuerHostOutput);
}
