using System.Text.Json;
using Piksel.Emulator.Aws.Iam;

namespace Piksel.Emulator.Aws.Sts.WebIdentity;

/// <summary>An OIDC token STS accepted: its issuer's provider, the audience that matched, and the claims trust policies see.</summary>
internal sealed record VerifiedWebIdentity
{
    public required OidcProviderRecord Provider { get; init; }
    /// <summary>The <c>iss</c> claim.</summary>
    public required string Issuer { get; init; }
    /// <summary>The <c>sub</c> claim.</summary>
    public required string Subject { get; init; }
    /// <summary>The <c>aud</c> value that is one of the provider's client ids.</summary>
    public required string Audience { get; init; }
    /// <summary>Every <c>aud</c> value.</summary>
    public required IReadOnlyList<string> Audiences { get; init; }
    /// <summary>The decoded payload, for the other claims (amr, azp, AWS session tags and source identity).</summary>
    public required JsonElement Claims { get; init; }

    /// <summary>The issuer without its scheme: the prefix of the condition keys (<c>oidc.eks.…/id/X:sub</c>).</summary>
    public string HostPath => Issuer.StartsWith("https://", StringComparison.Ordinal) ? Issuer["https://".Length..] : Issuer;
}
