using Piksel.Emulator.Kubernetes.Auth;

namespace Piksel.Emulator.Kubernetes;

/// <summary>The server's built-in parts, registered on every builder before anything else: the admin's credentials, RBAC, discovery and OpenAPI, controllers, tokens and OIDC.</summary>
internal static class ServerFeatures
{
    /// <summary>Registers every feature (one line each).</summary>
    public static void Register(KubeApiServerBuilder builder)
    {
        builder.AddAuthenticator(c => new AdminAuthenticator(c.Certificates, c.Options.AdminToken));
        Auth.Rbac.RbacFeature.Register(builder);
        Discovery.DiscoveryEndpoints.Register(builder);
        Controllers.ControllerFeature.Register(builder);
        Tokens.TokensFeature.Register(builder);
        Crds.CrdFeature.Register(builder);
        if (builder.Options.GuardRails) builder.AddAdmission(c => new Admission.PodSecurity.PodSecurityAdmission(c, c.Options.PodSecurity));
        Admission.Quota.QuotaFeature.Register(builder);
        // ResourceQuota is the last validating plugin (it charges only what every other plugin admitted): keep it last.
        Admission.Quota.QuotaFeature.RegisterQuotaAdmission(builder);
    }
}
