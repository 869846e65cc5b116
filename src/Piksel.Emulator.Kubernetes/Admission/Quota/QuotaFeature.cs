using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Emulator.Kubernetes.Admission.Quota;

/// <summary>
/// Resource limits and quotas: the pod strategy's QoS class and the quota strategy (always), and with <see cref="KubeApiServerOptions.GuardRails"/>
/// the LimitRanger plugin (defaults, then checks) and the quota controller. The ResourceQuota plugin registers apart
/// (<see cref="RegisterQuotaAdmission"/>) because it must be the last validating plugin, after Pod Security.
/// </summary>
public static class QuotaFeature
{
    /// <summary>Adds the QoS status, LimitRanger and the quota controller to <paramref name="builder"/>.</summary>
    public static void Register(KubeApiServerBuilder builder)
    {
        builder.AddAdmission(_ => new ResourceQuotaStrategy());
        builder.AddAdmission(_ => new PodQosStatus());
        if (!builder.Options.GuardRails) return;
        builder.AddAdmission(c => new LimitRanger(c.Store));
        builder.AddAdmission(c => new LimitRangeEnforcement(c.Store));
        builder.AddController(ControllerIdentities.ResourceQuotaController, c => new ResourceQuotaController(c));
    }

    /// <summary>Adds the ResourceQuota admission plugin (with guard rails on); call after every other validating plugin.</summary>
    public static void RegisterQuotaAdmission(KubeApiServerBuilder builder)
    {
        if (builder.Options.GuardRails) builder.AddAdmission(c => new ResourceQuotaAdmission(c));
    }
}
