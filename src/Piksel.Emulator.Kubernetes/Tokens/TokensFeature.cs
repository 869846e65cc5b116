using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Admission.PodIdentity;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;

namespace Piksel.Emulator.Kubernetes.Tokens;

/// <summary>
/// Service-account tokens and what hangs on them: OIDC discovery, TokenRequest, bearer-token authentication, the
/// review kinds, and the pod admission that mounts tokens (ServiceAccount, then the EKS pod-identity webhook —
/// built-in plugins run before webhooks, so the webhook sees the defaulted service account).
/// </summary>
internal static class TokensFeature
{
    /// <summary>Registers the feature's parts on <paramref name="builder"/>.</summary>
    public static void Register(KubeApiServerBuilder builder)
    {
        builder.AddNonResourcePaths(c => new OidcDiscovery(c.Tokens).Paths(c.Issuer));
        builder.AddSubresource($"{BuiltInResources.ServiceAccounts.GroupResource}/token", c => new TokenRequestHandler(c.Tokens).HandleAsync);
        builder.AddAuthenticator(c => new ServiceAccountAuthenticator(c.Tokens));
        Reviews.Register(builder);
        builder.AddAdmission(c => new ServiceAccountAdmission(c));
        builder.AddAdmission(c => new PodIdentityWebhook(c));
    }
}
