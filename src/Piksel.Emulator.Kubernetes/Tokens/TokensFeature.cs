using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Admission.PodIdentity;
using Piksel.Emulator.Kubernetes.Auth;

namespace Piksel.Emulator.Kubernetes.Tokens;

/// <summary>
/// Service-account tokens and what hangs on them: the signing key and OIDC discovery, TokenRequest, bearer-token
/// authentication, the review kinds, and the pod admission that mounts tokens (ServiceAccount, then the EKS pod-identity
/// webhook — built-in plugins run before webhooks, so the webhook sees the defaulted service account).
/// </summary>
internal static class TokensFeature
{
    /// <summary>Plugs the feature into <paramref name="state"/>.</summary>
    public static ServiceAccountTokens Register(ApiServerState state)
    {
        var tokens = new ServiceAccountTokens(state);
        new OidcDiscovery(tokens).Register(state);
        state.Subresources[$"{Api.BuiltInResources.ServiceAccounts.GroupResource}/token"] = new TokenRequestHandler(tokens).HandleAsync;
        state.Authenticators.Add(new ServiceAccountAuthenticator(tokens));
        new Reviews(tokens).Register(state);
        state.Admission.Add(new ServiceAccountAdmission(state));
        state.Admission.Add(new PodIdentityWebhook(state));
        return tokens;
    }
}
