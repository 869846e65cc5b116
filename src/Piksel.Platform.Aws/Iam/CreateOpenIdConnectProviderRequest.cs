namespace Piksel.Platform.Aws.Iam;

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
