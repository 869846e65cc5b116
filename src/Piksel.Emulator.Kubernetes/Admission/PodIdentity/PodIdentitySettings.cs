using System.Globalization;

namespace Piksel.Emulator.Kubernetes.Admission.PodIdentity;

/// <summary>
/// What the webhook injects for one pod, from its service account's annotations (<c>pkg/cache/cache.go</c>) and the
/// pod's own (<c>handler.go</c> parsePodAnnotations). Precedence: pod annotation &gt; service-account annotation &gt;
/// the webhook's flags as EKS runs it.
/// </summary>
public sealed record PodIdentitySettings(string RoleArn, string Audience, bool RegionalSts, long TokenExpiration, IReadOnlySet<string> SkippedContainers)
{
    /// <summary>The annotation domain (the webhook's <c>--annotation-prefix</c> default).</summary>
    public const string Domain = "eks.amazonaws.com";

    /// <summary>Service-account annotation with the role to assume; without it nothing is injected.</summary>
    public const string RoleArnAnnotation = Domain + "/role-arn";

    /// <summary>Service-account annotation overriding the token audience.</summary>
    public const string AudienceAnnotation = Domain + "/audience";

    /// <summary>Service-account annotation turning <c>AWS_STS_REGIONAL_ENDPOINTS=regional</c> on or off.</summary>
    public const string RegionalStsAnnotation = Domain + "/sts-regional-endpoints";

    /// <summary>Service-account or pod annotation with the token lifetime in seconds.</summary>
    public const string TokenExpirationAnnotation = Domain + "/token-expiration";

    /// <summary>Pod annotation: comma-separated names of (init) containers to leave alone.</summary>
    public const string SkipContainersAnnotation = Domain + "/skip-containers";

    /// <summary>Pod label that keeps the webhook away (its MutatingWebhookConfiguration's objectSelector).</summary>
    public const string SkipLabel = Domain + "/skip-pod-identity-webhook";

    /// <summary>The default audience (<c>--token-audience</c>).</summary>
    public const string DefaultAudience = "sts.amazonaws.com";

    /// <summary>The default lifetime (<c>--token-expiration</c>).</summary>
    public const long DefaultTokenExpiration = 86400;

    /// <summary>The settings for a pod, or null when its service account has no role.</summary>
    public static PodIdentitySettings? For(IReadOnlyDictionary<string, string> accountAnnotations, IReadOnlyDictionary<string, string> podAnnotations)
    {
        if (!accountAnnotations.TryGetValue(RoleArnAnnotation, out var role) || role.Length == 0) return null;
        var audience = accountAnnotations.TryGetValue(AudienceAnnotation, out var a) && a.Length > 0 ? a : DefaultAudience;
        // EKS runs the webhook with --sts-regional-endpoint=true; an unparsable annotation keeps that default.
        var regional = !accountAnnotations.TryGetValue(RegionalStsAnnotation, out var r) || !bool.TryParse(r, out var parsed) || parsed;
        var expiration = DefaultTokenExpiration;
        if (accountAnnotations.TryGetValue(TokenExpirationAnnotation, out var e) && long.TryParse(e, NumberStyles.Integer, CultureInfo.InvariantCulture, out var onAccount))
            expiration = AtLeastMinimum(onAccount);
        if (podAnnotations.TryGetValue(TokenExpirationAnnotation, out var pe) && long.TryParse(pe, NumberStyles.Integer, CultureInfo.InvariantCulture, out var onPod))
            expiration = AtLeastMinimum(onPod);
        var skipped = podAnnotations.TryGetValue(SkipContainersAnnotation, out var s)
            ? s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)
            : [];
        return new PodIdentitySettings(role, audience, regional, expiration, skipped);
    }

    /// <summary><c>pkg.ValidateMinTokenExpiration</c>: shorter than ten minutes is raised to ten minutes.</summary>
    private static long AtLeastMinimum(long seconds) => Math.Max(seconds, 600);
}
