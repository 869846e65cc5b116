using k8s;
using k8s.Models;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>
/// RoleBindings (rbac.authorization.k8s.io/v1) by server-side apply: the bound Role and the subjects. The API refuses
/// a changed <c>roleRef</c>; the spec marks it ForceNew, so the engine replaces the binding.
/// </summary>
public sealed class RoleBindingHandler(KubernetesHandlerContext context) : NamespacedObjectHandler<KubernetesRoleBinding, V1RoleBinding>(context)
{
    private const string RbacGroup = "rbac.authorization.k8s.io";

    /// <inheritdoc />
    protected override string What => "role binding";

    /// <inheritdoc />
    protected override Task<V1RoleBinding> ReadLiveAsync(IKubernetes client, string name, string ns, CancellationToken cancellationToken) =>
        client.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync(name, ns, cancellationToken: cancellationToken);

    /// <inheritdoc />
    protected override Task PatchLiveAsync(IKubernetes client, V1Patch patch, string name, string ns, CancellationToken cancellationToken) =>
        client.RbacAuthorizationV1.PatchNamespacedRoleBindingAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken);

    /// <inheritdoc />
    protected override Task DeleteLiveAsync(IKubernetes client, string name, string ns, CancellationToken cancellationToken) =>
        client.RbacAuthorizationV1.DeleteNamespacedRoleBindingAsync(name, ns, cancellationToken: cancellationToken);

    /// <inheritdoc />
    protected override async Task<IEnumerable<V1RoleBinding>> ListLiveAsync(IKubernetes client, string labelSelector, CancellationToken cancellationToken) =>
        (await client.RbacAuthorizationV1.ListRoleBindingForAllNamespacesAsync(labelSelector: labelSelector, cancellationToken: cancellationToken)).Items;

    /// <inheritdoc />
    protected override V1RoleBinding ToBody(KubernetesRoleBinding desired) => new()
    {
        ApiVersion = $"{RbacGroup}/v1",
        Kind = "RoleBinding",
        RoleRef = new V1RoleRef { ApiGroup = RbacGroup, Kind = "Role", Name = desired.RoleName },
        Subjects = [.. desired.Subjects.Select(s => new Rbacv1Subject
        {
            Kind = s.Kind,
            Name = s.Name,
            NamespaceProperty = s.Namespace,
            ApiGroup = s.Kind == "ServiceAccount" ? null : RbacGroup,
        })],
    };

    /// <inheritdoc />
    protected override KubernetesRoleBinding ToSpec(V1RoleBinding live, KubernetesRoleBinding? desired, string cluster)
    {
        var state = desired ?? new KubernetesRoleBinding { Name = live.Metadata.Name, Namespace = live.Metadata.NamespaceProperty, Cluster = cluster, RoleName = "" };
        return state with
        {
            RoleName = live.RoleRef?.Name ?? "",
            Subjects = [.. (live.Subjects ?? []).Select(s => new KubernetesSubject(s.Kind, s.Name, s.NamespaceProperty))],
        };
    }
}
