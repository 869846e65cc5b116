namespace Piksel.Emulator.Aws.Faults;

/// <summary>
/// A Piksel rule kind, <c>{"oidcOutage": {"issuer": "https://oidc.eks…/id/…"}}</c>: STS cannot reach the issuer's
/// discovery document or keys, so AssumeRoleWithWebIdentity answers IDPCommunicationError until the rule is removed.
/// </summary>
public sealed record OidcOutageFault
{
    /// <summary>The issuer URL that is down; null takes every issuer down.</summary>
    public string? Issuer { get; init; }

    /// <summary>True when <paramref name="issuer"/> is one this outage covers.</summary>
    public bool Covers(string issuer) =>
        Issuer is null || string.Equals(Issuer.TrimEnd('/'), issuer.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
