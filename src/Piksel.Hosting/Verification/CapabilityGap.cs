using Piksel.Platform.Providers;

namespace Piksel.Hosting.Verification;

/// <summary>
/// What a provider cannot prove, said the way <c>verify</c> and the end-to-end suite report a skipped check: the
/// provider, the missing capability by name, and what its absence means.
/// </summary>
public static class CapabilityGap
{
    /// <summary>The capabilities of <paramref name="needs"/> that <paramref name="declared"/> lacks (None when it has them all).</summary>
    public static ProviderCapabilities Missing(ProviderCapabilities declared, ProviderCapabilities needs) => needs & ~declared;

    /// <summary>The provider's name as <c>--provider</c> and <c>PIKSEL_PROVIDER</c> spell it.</summary>
    public static string Name(ProviderKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>
    /// Why a check that needs <paramref name="missing"/> cannot run on a <paramref name="kind"/> provider, naming each
    /// missing capability, e.g. <c>the localstack provider lacks IamEnforcement (its AWS does not refuse a call outside a role's policy)</c>.
    /// </summary>
    public static string Describe(ProviderKind kind, ProviderCapabilities missing)
    {
        var each = Enum.GetValues<ProviderCapabilities>()
            .Where(c => c != ProviderCapabilities.None && missing.HasFlag(c))
            .Select(c => Describe(Name(kind), c));
        return string.Join("; ", each);
    }

    private static string Describe(string provider, ProviderCapabilities capability) => capability switch
    {
        // verify's table has said it this way since expired tokens were first skipped: keep the words users grep for.
        ProviderCapabilities.MovableClock => $"the {provider} provider's clock cannot move here, and a token lives at least 10 min (lacks {capability})",
        _ => $"the {provider} provider lacks {capability} ({Meaning(capability)})",
    };

    private static string Meaning(ProviderCapabilities capability) => capability switch
    {
        ProviderCapabilities.IamEnforcement => "its AWS does not refuse a call outside a role's policy",
        ProviderCapabilities.WebIdentityVerification => "its STS does not verify web-identity tokens",
        ProviderCapabilities.RealDatabase => "its database is no PostgreSQL server that logins can be tried on",
        ProviderCapabilities.EksApi => "its cluster, add-ons, Fargate profiles and access entries are not EKS's",
        ProviderCapabilities.PodSecurity => "its API server does not admit pods through Pod Security admission",
        ProviderCapabilities.NetworkPolicyEnforcement => "what a NetworkPolicy denies still connects",
        ProviderCapabilities.InProcessEmulators => "its AWS endpoint and API servers run outside this process",
        ProviderCapabilities.NodeProvisioning => "no Karpenter launches nodes for its cluster's pending pods",
        _ => "not declared",
    };
}
