using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>
/// What the Kubernetes handlers share: the client per cluster, server-side apply as <see cref="FieldManager"/>,
/// 404 as absence, retryable statuses, and reading back only the labels and annotations the platform owns.
/// </summary>
/// <typeparam name="TResource">The resource kind.</typeparam>
public abstract class KubernetesHandler<TResource>(KubernetesHandlerContext context) : IResourceHandler<TResource>
    where TResource : KubernetesResource
{
    /// <summary>The field manager of every server-side apply the platform makes: the manager's name of the management labels.</summary>
    public const string FieldManager = ManagementTags.ManagedByValue;

    private static readonly IReadOnlyDictionary<string, string> NoOutputs = new Dictionary<string, string>();

    /// <summary>The handlers' shared context.</summary>
    protected KubernetesHandlerContext Context { get; } = context;

    /// <inheritdoc />
    public abstract Task<Observed<TResource>?> ReadAsync(TResource desired, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract Task<IReadOnlyDictionary<string, string>> ApplyAsync(TResource desired, Observed<TResource>? actual, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract Task DeleteAsync(Observed<TResource> actual, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract Task<IReadOnlyList<Observed<TResource>>> ListManagedAsync(string environment, CancellationToken cancellationToken);

    /// <summary>An observation without outputs.</summary>
    protected static Observed<TResource> Observe(TResource state) => new(state, NoOutputs);

    /// <summary>No outputs.</summary>
    protected static IReadOnlyDictionary<string, string> Outputs => NoOutputs;

    /// <summary>The client of the cluster, or null while it does not exist.</summary>
    protected ValueTask<IKubernetes?> ClientAsync(string cluster, CancellationToken cancellationToken) =>
        Context.Clients.GetClientAsync(cluster, cancellationToken);

    /// <summary>The client of the cluster; a cluster not there yet is retryable (its creation may still be settling).</summary>
    protected async Task<IKubernetes> RequiredClientAsync(string cluster, CancellationToken cancellationToken) =>
        await ClientAsync(cluster, cancellationToken)
        ?? throw new RetryableResourceException($"Cluster {cluster} is not reachable yet.");

    /// <summary>What <paramref name="read"/> finds on <paramref name="cluster"/>; null while the cluster does not exist.</summary>
    protected async Task<Observed<TResource>?> ReadOnClusterAsync(string cluster, Func<IKubernetes, Task<Observed<TResource>?>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var client = await ClientAsync(cluster, cancellationToken);
        return client is null ? null : await read(client);
    }

    /// <summary>
    /// Deletes <paramref name="what"/> with <paramref name="delete"/>, then awaits <paramref name="gone"/> when given: nothing
    /// to do while the cluster does not exist, and an object already gone is not an error.
    /// </summary>
    protected async Task DeleteOnClusterAsync(
        string cluster, string what, Func<IKubernetes, Task> delete, CancellationToken cancellationToken, Func<IKubernetes, Task>? gone = null)
    {
        ArgumentNullException.ThrowIfNull(delete);
        var client = await ClientAsync(cluster, cancellationToken);
        if (client is null)
        {
            return;
        }

        await DeleteIgnoringAbsentAsync(what, () => delete(client));
        if (gone is not null)
        {
            await gone(client);
        }
    }

    /// <summary>
    /// The managed objects of <paramref name="environment"/> as <paramref name="list"/> finds them on its cluster (given
    /// the client and the cluster's name); none while the cluster does not exist.
    /// </summary>
    protected async Task<IReadOnlyList<Observed<TResource>>> ListOnClusterAsync(
        string environment, Func<IKubernetes, string, Task<IReadOnlyList<Observed<TResource>>>> list, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        var cluster = Context.ClusterOfEnvironment(environment);
        var client = await ClientAsync(cluster, cancellationToken);
        return client is null ? [] : await list(client, cluster);
    }

    /// <summary>The result of <paramref name="call"/>, or default when the API answers 404.</summary>
    protected static async Task<T?> OrNullAsync<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Runs a write; throttling, server errors and conflicts become <see cref="RetryableResourceException"/>.</summary>
    protected static async Task WriteAsync(string what, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (HttpOperationException e) when (IsRetryable(e.Response.StatusCode))
        {
            throw new RetryableResourceException($"{what}: the API server answered {(int)e.Response.StatusCode}.", e);
        }
    }

    /// <summary>Runs a delete; an object already gone is not an error.</summary>
    protected static async Task DeleteIgnoringAbsentAsync(string what, Func<Task> call)
    {
        try
        {
            await WriteAsync(what, call);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }

    /// <summary>
    /// The entries of <paramref name="actual"/> the platform answers for: the keys it wants
    /// (<paramref name="desired"/>) and the keys its field manager applied before (so a key dropped from the spec is
    /// drift the next apply removes). Keys set by others (the API server's <c>kubernetes.io/metadata.name</c>, a
    /// controller's annotations) are not the platform's and are not drift. <paramref name="managedFields"/> is the
    /// object's managedFields as JSON; <paramref name="section"/> is <c>labels</c> or <c>annotations</c>.
    /// </summary>
    protected static IReadOnlyDictionary<string, string> Owned(
        IReadOnlyDictionary<string, string>? actual,
        IReadOnlyDictionary<string, string>? desired,
        JsonArray? managedFields,
        string section)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (actual is null)
        {
            return result;
        }

        var owned = OwnedKeys(managedFields, section);
        foreach (var (key, value) in actual)
        {
            var ours = desired?.ContainsKey(key) == true || owned?.Contains(key) == true
                || (desired is null && owned is null && !IsSystemKey(key));
            if (ours)
            {
                result[key] = value;
            }
        }

        return result;
    }

    /// <summary>The keys of a metadata map the platform's manager applied, or null when it never applied the object.</summary>
    private static HashSet<string>? OwnedKeys(JsonArray? entries, string section)
    {
        if (entries is null)
        {
            return null;
        }

        HashSet<string>? keys = null;
        foreach (var entry in entries.OfType<JsonObject>())
        {
            if (entry["manager"]?.GetValue<string>() != FieldManager || entry["operation"]?.GetValue<string>() != "Apply")
            {
                continue;
            }

            keys ??= new HashSet<string>(StringComparer.Ordinal);
            if (entry["fieldsV1"]?["f:metadata"]?[$"f:{section}"] is JsonObject fields)
            {
                foreach (var (field, _) in fields)
                {
                    if (field.StartsWith("f:", StringComparison.Ordinal))
                    {
                        keys.Add(field[2..]);
                    }
                }
            }
        }

        return keys;
    }

    // Keys the API server and well-known controllers set on their own.
    private static bool IsSystemKey(string key) =>
        key == "kubernetes.io/metadata.name" || key == "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>
    /// The labels and annotations of a typed object's <paramref name="live"/> metadata the platform answers for (see
    /// <see cref="Owned"/>). Only its managedFields are turned into JSON, not the whole metadata.
    /// </summary>
    protected static (IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations) OwnedMetadata(
        V1ObjectMeta live,
        IReadOnlyDictionary<string, string>? desiredLabels,
        IReadOnlyDictionary<string, string>? desiredAnnotations)
    {
        ArgumentNullException.ThrowIfNull(live);
        var managedFields = live.ManagedFields is null ? null : JsonNode.Parse(KubernetesJson.Serialize(live.ManagedFields)) as JsonArray;
        return (Owned(ReadOnly(live.Labels), desiredLabels, managedFields, "labels"),
            Owned(ReadOnly(live.Annotations), desiredAnnotations, managedFields, "annotations"));
    }

    /// <summary>A dictionary as KubernetesClient's models want it (null when empty, so nothing is applied).</summary>
    protected static Dictionary<string, string>? MapOrNull(IReadOnlyDictionary<string, string> map) =>
        map.Count == 0 ? null : new Dictionary<string, string>(map, StringComparer.Ordinal);

    /// <summary>A read-only view of a possibly null map.</summary>
    protected static IReadOnlyDictionary<string, string>? ReadOnly(IDictionary<string, string>? map) =>
        map is null ? null : new Dictionary<string, string>(map, StringComparer.Ordinal);

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict or HttpStatusCode.InternalServerError
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}
