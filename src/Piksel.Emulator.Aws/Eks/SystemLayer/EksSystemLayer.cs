using Piksel.Emulator.Aws.Eks.SystemLayer.Addons;
using Piksel.Emulator.Aws.Eks.SystemLayer.Fargate;
using Piksel.Emulator.Aws.Eks.SystemLayer.PodIdentity;
using Piksel.Emulator.Kubernetes;

namespace Piksel.Emulator.Aws.Eks.SystemLayer;

/// <summary>
/// What EKS does inside a cluster, given to the cluster's API server before it starts: the add-on manager (the add-ons'
/// kube-system objects), the Fargate admission webhook and scheduler (a node per Fargate pod), and the EKS Pod Identity
/// webhook (the agent's variables and token in pods of associated service accounts). Each reads what the EKS API holds
/// through <c>spec</c>, at the moment it acts.
/// </summary>
public static class EksSystemLayer
{
    /// <summary>
    /// Registers the system layer on <paramref name="builder"/>: <paramref name="spec"/> gives the cluster's add-ons,
    /// ACTIVE Fargate profiles and Pod Identity associations as they are now; <paramref name="report"/> receives each
    /// add-on's outcome (installed, removed, or the issue that stops it), once per change.
    /// </summary>
    public static KubeApiServerBuilder AddTo(KubeApiServerBuilder builder, Func<ClusterSystemSpec> spec, Action<AddonReport> report)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(report);
        return Kubernetes.Auth.Rbac.RbacFeature.AddDefaultRbac(builder, SystemRbac.Objects)
            .AddAdmission(_ => new FargateAdmission(spec))
            .AddAdmission(c => new PodIdentityAgentWebhook(spec, c.Options.Region))
            .AddController(SystemIdentities.AddonManager, c => new AddonManager(c, spec, report))
            .AddController(SystemIdentities.FargateScheduler, c => new FargateScheduler(c, spec));
    }
}
