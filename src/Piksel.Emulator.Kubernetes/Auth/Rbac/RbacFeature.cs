using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Auth.Rbac;

/// <summary>
/// RBAC as kube-apiserver runs it: the default roles and bindings reconciled at start, the RBAC authorizer in place of
/// allow-all and escalation prevention on role and binding writes (both only with <see cref="KubeApiServerOptions.GuardRails"/>),
/// the clusterrole-aggregation controller, and the authorization reviews.
/// </summary>
public static class RbacFeature
{
    /// <summary>Registers RBAC on <paramref name="builder"/>.</summary>
    public static void Register(KubeApiServerBuilder builder)
    {
        RbacAuthorizer? rbac = null;
        AddDefaultRbac(builder, BootstrapRoles.All);
        if (builder.Options.GuardRails)
        {
            // Replaces allow-all: RBAC has no opinion to pass on, it allows or denies.
            builder.AddAuthorizer((c, _) => rbac = new RbacAuthorizer(c.Store));
            builder.AddAdmission(_ => new EscalationAdmission(rbac ?? throw new InvalidOperationException("the RBAC authorizer is made before admission")));
        }
        builder.AddController(AggregationController.Identity, c => new AggregationController(c));
        AccessReviews.Register(builder, () => rbac);
    }

    /// <summary>
    /// Reconciles <paramref name="objects"/> (ClusterRoles and ClusterRoleBindings) into the store as the server's parts
    /// are made, before any controller runs — the defaults of a cluster, or what a chart installs before its workload.
    /// </summary>
    public static KubeApiServerBuilder AddDefaultRbac(KubeApiServerBuilder builder, Func<IEnumerable<JsonObject>> objects)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(objects);
        return builder.AddBootstrap(c => BootstrapReconciler.Reconcile(c.Store, c.Time, objects()));
    }
}
