using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// Emptying a deleted namespace, as pkg/controller/namespace/deletion/namespaced_resources_deleter.go does, through the
/// namespace controller's client: status through <c>/status</c>, the <c>kubernetes</c> finalizer through <c>/finalize</c>.
/// </summary>
internal sealed class NamespaceDeletion(ControllerContext context)
{
    private static readonly (string Type, string Reason, string Message)[] OkConditions =
    [
        ("NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"),
        ("NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
        ("NamespaceDeletionContentFailure", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        ("NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"),
        ("NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
    ];

    private IControllerClient Client => context.Client;

    /// <summary>
    /// Terminating first (what a client watching the namespace sees), then every namespaced object is deleted (those
    /// with finalizers are marked and waited for), the conditions say what remains, and once nothing does the
    /// <c>kubernetes</c> finalizer is removed and the namespace goes.
    /// </summary>
    public async Task FinishAsync(StoredObject ns, CancellationToken cancellationToken)
    {
        if (!SpecFinalizers(ns.View).Contains(NamespaceAdmission.KubernetesFinalizer))
        {
            await RemoveIfFinalizedAsync(ns, cancellationToken);
            return;
        }
        if (ns.View["status"]?["phase"]?.GetValue<string>() != "Terminating")
            ns = await Client.UpdateStatusAsync(ns, o => Status(o)["phase"] = "Terminating", cancellationToken);

        var remaining = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var finalizers = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failed = false;
        foreach (var type in context.Catalog.All.Where(t => t.Namespaced && !BuiltInResources.IsVirtual(t)))
        {
            foreach (var item in Client.List(type, ns.Name).Items)
            {
                try { await Client.DeleteAsync(item, cancellationToken: cancellationToken); }
                catch (StatusException) { failed = true; } // raced another writer: counted as remaining, tried again
                if (Client.Get(type, ns.Name, item.Name) is not { } left) continue;
                remaining[type.GroupResource] = remaining.GetValueOrDefault(type.GroupResource) + 1;
                foreach (var f in left.Finalizers()) finalizers[f] = finalizers.GetValueOrDefault(f) + 1;
            }
        }

        ns = await Client.UpdateStatusAsync(ns, o => SetConditions(o, remaining, finalizers), cancellationToken);
        if (failed) throw StatusException.Conflict(BuiltInResources.Namespaces, ns.Name, "content changed while the namespace was being emptied");
        if (remaining.Count > 0) return; // a deletion event in the namespace brings it back here
        // Without the kubernetes finalizer (and with no metadata.finalizers) the finalize write removes the namespace.
        await Client.UpdateAsync(ns, o =>
        {
            var spec = (JsonObject)o["spec"]!;
            spec["finalizers"] = new JsonArray([.. SpecFinalizers(o).Where(f => f != NamespaceAdmission.KubernetesFinalizer).Select(f => (JsonNode)f)]);
        }, "finalize", cancellationToken);
    }

    /// <summary>A namespace being deleted that neither spec.finalizers nor metadata.finalizers holds is removed by one more DELETE.</summary>
    private async Task RemoveIfFinalizedAsync(StoredObject ns, CancellationToken cancellationToken)
    {
        if (SpecFinalizers(ns.View).Count > 0 || ns.Finalizers().Count > 0) return;
        await Client.DeleteAsync(ns, cancellationToken: cancellationToken);
    }

    private void SetConditions(JsonObject ns, SortedDictionary<string, int> remaining, SortedDictionary<string, int> finalizers)
    {
        var status = Status(ns);
        var old = (status["conditions"] as JsonArray)?.OfType<JsonObject>().ToDictionary(c => c["type"]!.GetValue<string>()) ?? [];
        var now = Meta.Timestamp(context.Time.GetUtcNow());
        var conditions = new JsonArray();
        foreach (var (type, okReason, okMessage) in OkConditions)
        {
            var (value, reason, message) = type switch
            {
                "NamespaceContentRemaining" when remaining.Count > 0 => ("True", "SomeResourcesRemain",
                    "Some resources are remaining: " + string.Join(", ", remaining.Select(r => $"{r.Key} has {r.Value} resource instances"))),
                "NamespaceFinalizersRemaining" when finalizers.Count > 0 => ("True", "SomeFinalizersRemain",
                    "Some content in the namespace has finalizers remaining: " + string.Join(", ", finalizers.Select(f => $"{f.Key} in {f.Value} resource instances"))),
                _ => ("False", okReason, okMessage),
            };
            // A condition keeps its lastTransitionTime while nothing about it changes.
            var same = old.TryGetValue(type, out var previous) && previous["status"]?.GetValue<string>() == value
                && previous["reason"]?.GetValue<string>() == reason && previous["message"]?.GetValue<string>() == message;
            conditions.Add(new JsonObject
            {
                ["type"] = type,
                ["status"] = value,
                ["lastTransitionTime"] = same ? previous!["lastTransitionTime"]?.DeepClone() : now,
                ["reason"] = reason,
                ["message"] = message,
            });
        }
        status["conditions"] = conditions;
    }

    private static JsonObject Status(JsonObject ns) => ns["status"] as JsonObject ?? (JsonObject)(ns["status"] = new JsonObject());

    private static List<string> SpecFinalizers(JsonObject ns) =>
        ns["spec"]?["finalizers"] is JsonArray a ? [.. a.Select(f => f!.GetValue<string>())] : [];
}
