using Piksel.Platform.Kubernetes.Handlers;
using Piksel.Platform.Providers;

namespace Piksel.Platform.Kubernetes;

/// <summary>Registers the Kubernetes resource handlers.</summary>
public static class KubernetesHandlers
{
    /// <summary>Adds the handlers of namespaces, service accounts, StorageClasses, Services (ExternalName), ClusterSecretStores, ExternalSecrets, Karpenter's EC2NodeClasses and NodePools, and the guard rails (NetworkPolicies, LimitRanges, ResourceQuotas, Roles, RoleBindings).</summary>
    public static ResourceHandlerRegistry AddKubernetesHandlers(this ResourceHandlerRegistry registry, KubernetesHandlerContext context)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Add(new NamespaceHandler(context))
            .Add(new ServiceAccountHandler(context))
            .Add(new StorageClassHandler(context))
            .Add(new ServiceHandler(context))
            .Add(new ClusterSecretStoreHandler(context))
            .Add(new ExternalSecretHandler(context))
            .Add(new KarpenterNodeClassHandler(context))
            .Add(new KarpenterNodePoolHandler(context))
            .Add(new NetworkPolicyHandler(context))
            .Add(new LimitRangeHandler(context))
            .Add(new ResourceQuotaHandler(context))
            .Add(new RoleHandler(context))
            .Add(new RoleBindingHandler(context));
    }
}
