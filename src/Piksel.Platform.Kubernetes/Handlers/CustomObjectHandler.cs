using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>
/// A handler for a custom kind (External Secrets Operator's, Karpenter's), cluster-scoped or namespaced:
/// read, server-side apply, delete and list by the environment's label, through the custom-objects API. A kind says
/// only its plural, its namespace, its manifest and how a live object reads back as a spec.
/// </summary>
public abstract class CustomObjectHandler<TResource>(KubernetesHandlerContext context) : KubernetesHandler<TResource>(context)
    where TResource : KubernetesResource
{
    /// <summary>The kind's API group. Default: the External Secrets Operator's.</summary>
    protected virtual string Group => EsoManifests.Group;

    /// <summary>The kind's API version. Default: the External Secrets Operator's.</summary>
    protected virtual string Version => EsoManifests.Version;

    /// <summary>What installs the kind's CRD, named in the error a cluster without it gets. Default: the External Secrets Operator.</summary>
    protected virtual string InstalledBy => "the External Secrets Operator (its Helm chart installs the external-secrets.io CRDs)";

    /// <summary>The resource's plural, e.g. <c>externalsecrets</c>.</summary>
    protected abstract string Plural { get; }

    /// <summary>The namespace of <paramref name="resource"/>, or null for a cluster-scoped kind.</summary>
    protected abstract string? NamespaceOf(TResource resource);

    /// <summary>The manifest server-side apply sends for <paramref name="desired"/>.</summary>
    protected abstract object Manifest(TResource desired);

    /// <summary>
    /// <paramref name="live"/> as a spec: the fields the platform owns, compared against <paramref name="desired"/> when
    /// reading for a plan, or standing alone (in <paramref name="cluster"/>) when listing what the environment has.
    /// </summary>
    protected abstract TResource FromLive(JsonObject live, TResource? desired, string cluster);

    /// <summary>The labels or annotations of <paramref name="live"/> the platform answers for (see <see cref="KubernetesHandler{TResource}.Owned"/>).</summary>
    protected static IReadOnlyDictionary<string, string> OwnedMap(JsonObject live, IReadOnlyDictionary<string, string>? desired, string section) =>
        Owned(CustomObjectMeta.Map(live, section), desired, CustomObjectMeta.Of(live)?["managedFields"] as JsonArray, section);

    /// <inheritdoc />
    public override async Task<Observed<TResource>?> ReadAsync(TResource desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var ns = NamespaceOf(desired);
        return await ReadOnClusterAsync(desired.Cluster, async client =>
        {
            var live = await OrNullAsync(() => ns is null
                ? client.CustomObjects.GetClusterCustomObjectAsync<JsonObject>(Group, Version, Plural, desired.Name, cancellationToken)
                : client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>(Group, Version, ns, Plural, desired.Name, cancellationToken));
            return live is null || CustomObjectMeta.IsDeleting(live) ? null : Observe(FromLive(live, desired, desired.Cluster));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(TResource desired, Observed<TResource>? actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var client = await RequiredClientAsync(desired.Cluster, cancellationToken);
        var manifest = Manifest(desired);
        var patch = new V1Patch(manifest, V1Patch.PatchType.ApplyPatch);
        var ns = NamespaceOf(desired);
        try
        {
            await WriteAsync($"Applying {desired.Kind} {desired.Key}", () => ns is null
                ? client.CustomObjects.PatchClusterCustomObjectAsync(patch, Group, Version, Plural, desired.Name,
                    fieldManager: FieldManager, force: true, cancellationToken: cancellationToken)
                : client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, Group, Version, ns, Plural, desired.Name,
                    fieldManager: FieldManager, force: true, cancellationToken: cancellationToken));
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // A 404 for a kind the cluster serves is about the object (its namespace is missing): as it came.
            if (await ServedAsync(client, cancellationToken)) throw;
            // Otherwise a bare 404 would say nothing: the cluster lacks the kind's CRD (an existing cluster without the add-on).
            var kind = (manifest as JsonObject)?["kind"]?.GetValue<string>() ?? desired.Kind;
            throw new MissingCustomResourceDefinitionException(desired.Cluster, kind, Group, Version, Plural, InstalledBy, e);
        }
        return Outputs;
    }

    /// <summary>Whether the cluster serves the kind's resource: listing it answers (a resource without its CRD is a 404).</summary>
    private async Task<bool> ServedAsync(IKubernetes client, CancellationToken cancellationToken) =>
        await OrNullAsync(() => client.CustomObjects.ListClusterCustomObjectAsync<JsonObject>(Group, Version, Plural, limit: 1, cancellationToken: cancellationToken)) is not null;

    /// <inheritdoc />
    public override async Task DeleteAsync(Observed<TResource> actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var state = actual.State;
        var ns = NamespaceOf(state);
        await DeleteOnClusterAsync(state.Cluster, $"Deleting {state.Kind} {state.Key}", client => ns is null
            ? client.CustomObjects.DeleteClusterCustomObjectAsync(Group, Version, Plural, state.Name, cancellationToken: cancellationToken)
            : client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, ns, Plural, state.Name, cancellationToken: cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<Observed<TResource>>> ListManagedAsync(string environment, CancellationToken cancellationToken) =>
        ListOnClusterAsync(environment, async (client, cluster) =>
        {
            // The cluster-wide list of a namespaced kind spans every namespace; no such resource (ESO not installed) means
            // nothing of the platform's is there.
            var list = await OrNullAsync(() => client.CustomObjects.ListClusterCustomObjectAsync<JsonObject>(
                Group, Version, Plural, labelSelector: ManagementTags.LabelSelector(environment), cancellationToken: cancellationToken));
            return list is null ? [] : [.. CustomObjectMeta.Items(list).Where(o => !CustomObjectMeta.IsDeleting(o)).Select(o => Observe(FromLive(o, null, cluster)))];
        }, cancellationToken);
}
