using k8s;
using k8s.Models;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>Roles (rbac.authorization.k8s.io/v1) by server-side apply: the rules.</summary>
public sealed class RoleHandler(KubernetesHandlerContext context) : NamespacedObjectHandler<KubernetesRole, V1Role>(context)
{
    /// <inheritdoc />
    protected override string What => "role";

    /// <inheritdoc />
    protected override Task<V1Role> ReadLiveAsync(IKubernetes client, string name, string ns, CancellationToken cancellationToken) =>
        client.RbacAuthorizationV1.ReadNamespacedRoleAsync(name, ns, cancellationToken: cancellationToken);

    /// <inheritdoc />
    protected override Task PatchLiveAsync(IKubernetes client, V1Patch patch, string name, string ns, CancellationToken cancellationToken) =>
        client.RbacAuthorizationV1.PatchNamespacedRoleAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken);

    /// <inheritdoc />
    protected override Task DeleteLiveAsync(IKubernetes client, string name, string ns, CancellationToken cancellationToken) =>
        client.RbacAuthorizationV1.DeleteNamespacedRoleAsync(name, ns, cancellationToken: cancellationToken);

    /// <inheritdoc />
    protected override async Task<IEnumerable<V1Role>> ListLiveAsync(IKubernetes client, string labelSelector, CancellationToken cancellationToken) =>
        (await client.RbacAuthorizationV1.ListRoleForAllNamespacesAsync(labelSelector: labelSelector, cancellationToken: cancellationToken)).Items;

    /// <inheritdoc />
    protected override V1Role ToBody(KubernetesRole desired) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "Role",
        Rules = [.. desired.Rules.Select(r => new V1PolicyRule { ApiGroups = [.. r.ApiGroups], Resources = [.. r.Resources], Verbs = [.. r.Verbs] })],
    };

    /// <inheritdoc />
    protected override KubernetesRole ToSpec(V1Role live, KubernetesRole? desired, string cluster)
    {
        var state = desired ?? new KubernetesRole { Name = live.Metadata.Name, Namespace = live.Metadata.NamespaceProperty, Cluster = cluster };
        return state with
        {
            Rules = [.. (live.Rules ?? []).Select(r => new KubernetesPolicyRule([.. r.ApiGroups ?? []], [.. r.Resources ?? []], [.. r.Verbs ?? []]))],
        };
    }
}
