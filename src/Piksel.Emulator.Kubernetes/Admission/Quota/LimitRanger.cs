using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Admission.Quota;

/// <summary>
/// The mutating half of the <c>LimitRanger</c> admission plugin (plugin/pkg/admission/limitranger): on Pod create,
/// every container and init container missing a limit gets its namespace's Container <c>default</c>, missing a request
/// its <c>defaultRequest</c>, noted in the <c>kubernetes.io/limit-ranger</c> annotation. LimitRange objects themselves get
/// their defaults (<see cref="LimitRangeDefaults"/>) and are validated (422).
/// </summary>
public sealed class LimitRanger(ObjectStore store) : IAdmissionPlugin
{
    /// <summary>The annotation naming what the plugin set.</summary>
    public const string Annotation = "kubernetes.io/limit-ranger";

    /// <inheritdoc />
    public bool Mutating => true;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Subresource is not null || request.Operation == AdmissionOperation.Delete) return ValueTask.CompletedTask;
        if (request.Type == BuiltInResources.LimitRanges)
        {
            LimitRangeDefaults.Apply(request.Object);
            LimitRangeValidation.Validate(request.Object, request.Name);
        }
        else if (request.Type == BuiltInResources.Pods && request.Operation == AdmissionOperation.Create)
        {
            var items = store.List(BuiltInResources.LimitRanges, request.Namespace).Items
                .OrderBy(l => l.Name, StringComparer.Ordinal)
                .SelectMany(l => LimitRangeItem.Of(l.View))
                .Where(i => i.Type == "Container")
                .ToList();
            if (items.Count > 0) SetDefaults(request.Object, items);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Applies the Container defaults of <paramref name="items"/> (the first LimitRange to name a resource wins) to <paramref name="pod"/>.</summary>
    public static void SetDefaults(JsonObject pod, IReadOnlyList<LimitRangeItem> items)
    {
        var limits = new SortedDictionary<string, Quantity>(StringComparer.Ordinal);
        var requests = new SortedDictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            foreach (var (k, v) in item.Default) limits.TryAdd(k, v);
            foreach (var (k, v) in item.DefaultRequest) requests.TryAdd(k, v);
        }
        if (limits.Count == 0 && requests.Count == 0) return;
        var notes = new List<string>();
        foreach (var (container, init) in PodResources.Containers(pod))
        {
            var resources = container["resources"] as JsonObject ?? (JsonObject)(container["resources"] = new JsonObject());
            var setLimits = Merge(resources, "limits", limits);
            // The API's own defaulting runs first: a limit without a request makes the request equal (SetDefaults_Pod).
            if (resources["limits"] is JsonObject have)
            {
                var own = resources["requests"] as JsonObject;
                foreach (var (k, v) in have.ToList())
                {
                    if (own?.ContainsKey(k) == true || setLimits.Contains(k)) continue;
                    own ??= (JsonObject)(resources["requests"] = new JsonObject());
                    own[k] = v?.DeepClone();
                }
            }
            var setRequests = Merge(resources, "requests", requests);
            var prefix = init ? "init container" : "container";
            var containerName = container["name"]?.GetValue<string>() ?? "";
            if (setRequests.Count > 0) notes.Add($"{string.Join(", ", setRequests)} request for {prefix} {containerName}");
            if (setLimits.Count > 0) notes.Add($"{string.Join(", ", setLimits)} limit for {prefix} {containerName}");
        }
        if (notes.Count == 0) return;
        var metadata = pod["metadata"] as JsonObject ?? (JsonObject)(pod["metadata"] = new JsonObject());
        var annotations = metadata["annotations"] as JsonObject ?? (JsonObject)(metadata["annotations"] = new JsonObject());
        annotations[Annotation] = "LimitRanger plugin set: " + string.Join("; ", notes);
    }

    private static List<string> Merge(JsonObject resources, string kind, SortedDictionary<string, Quantity> defaults)
    {
        var set = new List<string>();
        if (defaults.Count == 0) return set;
        var target = resources[kind] as JsonObject;
        foreach (var (k, v) in defaults)
        {
            if (target?.ContainsKey(k) == true) continue;
            target ??= (JsonObject)(resources[kind] = new JsonObject());
            target[k] = v.ToString();
            set.Add(k);
        }
        return set;
    }
}
